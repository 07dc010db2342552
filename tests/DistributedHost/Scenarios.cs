using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Gradients;
using MultiMix.Distributed.Native;
using MultiMix.Distributed.Runtime;

namespace MultiMix.DistributedHost;

/// <summary>
/// What the distributed tests run on every rank. Each check does all its collectives first and verifies after,
/// under a <see cref="FailureAgreement"/>, so a check that fails on one rank stops every rank with its message.
/// Expected values are closed forms in the rank and world size, or come from the launcher's own environment
/// (OMPI_COMM_WORLD_*), never from the code under test.
/// </summary>
internal sealed unsafe class Scenarios(MpiCommunicator communicator)
{
    private const int GradientLength = 1003;

    private readonly FailureAgreement _agreement = new(communicator);

    private WorldInfo World => communicator.World;

    public void Collectives(int corruptRank)
    {
        Check("world", CheckWorld);
        Check("int all-reduce", CheckInts);
        Check("long all-reduce", CheckLongs);
        Check("double all-reduce", CheckDoubles);
        Check("gradient mean", () => CheckGradientMean(corruptRank));
        Check("broadcast", CheckBroadcast);
        Check("error status", CheckErrorStatus);
        Check("managed exceptions after MPI_Init", CheckManagedFaults);
        Check("consensus", CheckConsensus);
        communicator.Barrier();
    }

    /// <summary>Steps 0..4, each agreed; <paramref name="failingRank"/> throws at <paramref name="step"/>.</summary>
    public void FailAt(int failingRank, int step)
    {
        var gradient = new float[16];
        for (var s = 0; s < 5; s++)
        {
            _agreement.Run(() =>
            {
                if (World.Rank == failingRank && s == step) throw new InvalidOperationException($"synthetic failure on rank {failingRank} at step {step}");
                gradient.AsSpan().Fill(World.Rank);
            });
            communicator.AllReduce(gradient.AsSpan(), ReduceOp.Sum);
            Report($"step {s} done");
        }
    }

    /// <summary><paramref name="failingRank"/> throws outside any agreement while the others wait in a barrier.</summary>
    public void AbortFrom(int failingRank)
    {
        if (World.Rank == failingRank) throw new InvalidOperationException($"unagreed failure on rank {failingRank}");
        communicator.Barrier();
        Report("passed the barrier (it should not have)");
    }

    /// <summary>
    /// Measures <see cref="HostGradientReducer"/> on a buffer of <paramref name="length"/> floats: the slowest
    /// rank's time per all-reduce, after three warm-up rounds. Rank 0 prints it with the algorithm bandwidth
    /// (bytes / time) and the bus bandwidth (2(N − 1)/N · bytes / time, what each rank sends in a ring).
    /// </summary>
    public void TimeAllReduce(int length, int repeats)
    {
        var buffer = (float*)NativeMemory.AlignedAlloc((nuint)length * sizeof(float), 64);
        try
        {
            new Span<float>(buffer, length).Fill(World.Rank);
            var reducer = new HostGradientReducer(communicator, buffer, length);
            for (var i = 0; i < 3; i++) reducer.AllReduceMean();
            var times = new double[repeats];
            for (var i = 0; i < repeats; i++)
            {
                communicator.Barrier();
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                reducer.AllReduceMean();
                times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            communicator.AllReduce(times.AsSpan(), ReduceOp.Max);
            if (!World.IsRoot) return;
            Array.Sort(times);
            var median = times[repeats / 2];
            var bytes = (double)length * sizeof(float);
            Report(string.Create(CultureInfo.InvariantCulture,
                $"all-reduce of {length} floats ({bytes / 1e6:F2} MB) over {World.Size} ranks: median {median * 1e3:F3} ms, min {times[0] * 1e3:F3} ms; algorithm {bytes / median / 1e9:F2} GB/s, bus {2.0 * (World.Size - 1) / World.Size * bytes / median / 1e9:F2} GB/s"));
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    private void Check(string name, Action check)
    {
        _agreement.Run(check);
        Report($"{name} ok");
    }

    private void Report(string text) => Console.Error.WriteLine($"rank {World.Rank}: {text}");

    private static void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"check failed: {what}");
    }

    private static int Launcher(string variable) =>
        int.Parse(Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set: not started by Open MPI's mpirun"), CultureInfo.InvariantCulture);

    private void CheckWorld()
    {
        var w = World;
        Report(w.ToString());
        Expect(w.Size == Launcher("OMPI_COMM_WORLD_SIZE"), $"size {w.Size} vs OMPI_COMM_WORLD_SIZE");
        Expect(w.Rank == Launcher("OMPI_COMM_WORLD_RANK"), $"rank {w.Rank} vs OMPI_COMM_WORLD_RANK");
        Expect(w.LocalRank == Launcher("OMPI_COMM_WORLD_LOCAL_RANK"), $"local rank {w.LocalRank} vs OMPI_COMM_WORLD_LOCAL_RANK");
        Expect(w.LocalSize == Launcher("OMPI_COMM_WORLD_LOCAL_SIZE"), $"local size {w.LocalSize} vs OMPI_COMM_WORLD_LOCAL_SIZE");
    }

    private void CheckInts()
    {
        int n = World.Size, r = World.Rank;
        Span<int> sum = [r + 1, 1];
        Span<int> max = [r, -r];
        Span<int> min = [r, 7];
        communicator.AllReduce(sum, ReduceOp.Sum);
        communicator.AllReduce(max, ReduceOp.Max);
        communicator.AllReduce(min, ReduceOp.Min);
        Expect(sum[0] == n * (n + 1) / 2 && sum[1] == n, $"int sums {sum[0]}, {sum[1]}");
        Expect(max[0] == n - 1 && max[1] == 0, $"int max {max[0]}, {max[1]}");
        Expect(min[0] == 0 && min[1] == 7, $"int min {min[0]}, {min[1]}");
    }

    private void CheckLongs()
    {
        // 2^40 per rank: beyond int, so a 32-bit datatype would show.
        int n = World.Size, r = World.Rank;
        Span<long> values = [(1L << 40) + r];
        communicator.AllReduce(values, ReduceOp.Sum);
        Expect(values[0] == n * (1L << 40) + (long)n * (n - 1) / 2, $"long sum {values[0]}");
    }

    private void CheckDoubles()
    {
        // 1 + (r + 1)·2^-40 sums exactly in double but rounds away in float, so a float datatype would show.
        int n = World.Size, r = World.Rank;
        Span<double> values = [1 + (r + 1) * Math.Pow(2, -40)];
        communicator.AllReduce(values, ReduceOp.Sum);
        var expected = n + n * (n + 1) / 2 * Math.Pow(2, -40);
        Expect(values[0] == expected, $"double sum {values[0]:R}, expected {expected:R}");
    }

    /// <summary>
    /// Rank r's gradient is g_r[i] = (i mod 17) + 2r, so the mean over N ranks is (i mod 17) + N − 1: small
    /// integers, exact in float, so the comparison is exact. Reduced whole, then again in two buckets through
    /// 7-element pieces. A corrupt rank adds 1 to element 0 of its contribution, which must be caught.
    /// </summary>
    private void CheckGradientMean(int corruptRank)
    {
        int n = World.Size, r = World.Rank;
        var whole = (float*)NativeMemory.AlignedAlloc(GradientLength * sizeof(float), 64);
        var pieces = (float*)NativeMemory.AlignedAlloc(GradientLength * sizeof(float), 64);
        try
        {
            for (var i = 0; i < GradientLength; i++) whole[i] = pieces[i] = i % 17 + 2 * r;
            if (r == corruptRank) whole[0] += 1;
            new HostGradientReducer(communicator, whole, GradientLength).AllReduceMean();
            var bucketed = new HostGradientReducer(communicator, pieces, GradientLength, maxPiece: 7);
            bucketed.ReduceBucket(500, GradientLength - 500);
            bucketed.ReduceBucket(0, 500);
            bucketed.Finish();
            for (var i = 0; i < GradientLength; i++)
            {
                float expected = i % 17 + n - 1;
                Expect(whole[i] == expected, $"gradient mean at element {i}: {whole[i]}, expected {expected}");
                Expect(pieces[i] == expected, $"bucketed gradient mean at element {i}: {pieces[i]}, expected {expected}");
            }
        }
        finally
        {
            NativeMemory.AlignedFree(whole);
            NativeMemory.AlignedFree(pieces);
        }
    }

    private void CheckBroadcast()
    {
        // From the last rank, so a root fixed at 0 would show.
        var root = World.Size - 1;
        var text = $"from rank {root} of {World.Size}";
        var bytes = World.Rank == root ? Encoding.UTF8.GetBytes(text) : new byte[Encoding.UTF8.GetByteCount(text)];
        communicator.Broadcast(bytes.AsSpan(), root);
        Expect(Encoding.UTF8.GetString(bytes) == text, $"broadcast gave \"{Encoding.UTF8.GetString(bytes)}\"");
    }

    /// <summary>A bad root is refused by every rank locally: the status must come back as an exception naming the call.</summary>
    private void CheckErrorStatus()
    {
        try
        {
            communicator.Broadcast(new byte[4].AsSpan(), World.Size);
        }
        catch (MpiException e)
        {
            Report($"expected error: {e.Message}");
            Expect(e.Message.Contains("MPI_Bcast", StringComparison.Ordinal) && e.Message.Contains("MPI_ERR_ROOT", StringComparison.Ordinal), $"error text \"{e.Message}\"");
            return;
        }
        Expect(false, "MPI_Bcast to a root outside the world returned success");
    }

    /// <summary>Open MPI installs signal handlers at init; the runtime's own (null references) must still work.</summary>
    private static void CheckManagedFaults()
    {
        string? nothing = Environment.GetEnvironmentVariable("MULTIMIX_UNSET_VARIABLE_FOR_A_NULL_REFERENCE");
        try
        {
            Expect(nothing!.Length < 0, "a null string had a length");
        }
        catch (NullReferenceException)
        {
            return;
        }
        Expect(false, "no NullReferenceException");
    }

    private void CheckConsensus()
    {
        RankConsensus.RequireSame(communicator, 42, "a shared value");
        if (World.Size == 1) return;
        try
        {
            RankConsensus.RequireSame(communicator, World.Rank, "the rank");
        }
        catch (DistributedSetupException e)
        {
            Expect(e.Message.Contains($"from 0 to {World.Size - 1}", StringComparison.Ordinal), $"consensus message \"{e.Message}\"");
            return;
        }
        Expect(false, "ranks with different values agreed");
    }
}
