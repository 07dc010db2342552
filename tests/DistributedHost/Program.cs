using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;
using MultiMix.DistributedHost;

// Runs one scenario on every rank of an mpirun job and reports per rank on stderr, each line "rank R: ...".
// Exit codes: 0 all checks passed; 2 cannot join a distributed job (the one-line launch message);
// 3 a rank failed and every rank stopped with its message; 4 a rank failed outside any agreement (MPI_Abort).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MultiMix.DistributedHost collectives | corrupt RANK | fail RANK STEP | abort RANK | time-allreduce FLOATS REPEATS");
    return 2;
}

MpiCommunicator communicator;
try
{
    communicator = MpiCommunicator.Initialize();
}
catch (DistributedSetupException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using (communicator)
{
    var rank = communicator.World.Rank;
    try
    {
        var scenarios = new Scenarios(communicator);
        switch (args[0])
        {
            case "collectives":
                scenarios.Collectives(corruptRank: -1);
                break;
            case "corrupt":
                scenarios.Collectives(corruptRank: int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "fail":
                scenarios.FailAt(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "abort":
                scenarios.AbortFrom(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "time-allreduce":
                scenarios.TimeAllReduce(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"unknown scenario {args[0]}");
        }
        Console.Error.WriteLine($"rank {rank}: ok");
        return 0;
    }
    catch (RankFailedException e)
    {
        Console.Error.WriteLine($"rank {rank}: stopped: {e.Message} [{e.FailedType}]");
        return 3;
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"rank {rank}: unrecoverable: {e.Message}");
        communicator.Abort(4);
        return 4;
    }
}
