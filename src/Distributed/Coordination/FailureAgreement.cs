using System.Text;
using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Coordination;

/// <summary>
/// Makes a failure on one rank stop every rank with that rank's message. Each rank runs its local work (a
/// step's forward and backward, a checkpoint write on rank 0) inside <see cref="Run"/>; then all ranks
/// all-reduce one flag per rank (one collective: who failed), and when any did, the lowest failing rank
/// broadcasts its exception type and message and every rank throws the same <see cref="RankFailedException"/>.
/// Because every rank reaches the agreement whether its work failed or not, no rank is left waiting in a
/// collective the failed rank never enters. Place it before the collectives of a step (the gradient
/// all-reduce), never inside one; a failure outside any agreement is for <see cref="ICommunicator.Abort"/>.
/// </summary>
public sealed class FailureAgreement(ICommunicator communicator)
{
    public ICommunicator Communicator => communicator;

    public void Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    /// <summary>Runs <paramref name="work"/> here, then agrees with the other ranks on whether any failed.</summary>
    /// <exception cref="RankFailedException">On every rank, when the work failed on any rank.</exception>
    public T Run<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        try
        {
            result = work();
        }
        catch (Exception e) when (e is not RankFailedException)
        {
            failure = e;
        }
        Agree(failure);
        return result;
    }

    /// <summary>The agreement alone: every rank passes its own failure (or null).</summary>
    public void Agree(Exception? localFailure)
    {
        var world = communicator.World;
        var failed = new int[world.Size];
        if (localFailure is not null) failed[world.Rank] = 1;
        communicator.AllReduce(failed.AsSpan(), ReduceOp.Sum);
        var first = Array.IndexOf(failed, 1);
        if (first < 0) return;
        var text = world.Rank == first ? $"{localFailure!.GetType().FullName}\n{localFailure.Message}" : "";
        var shared = BroadcastText(text, first);
        var split = shared.IndexOf('\n', StringComparison.Ordinal);
        throw new RankFailedException(first, shared[..split], shared[(split + 1)..], failed.Sum(), localFailure);
    }

    private string BroadcastText(string text, int root)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<int> length = [bytes.Length];
        communicator.Broadcast(length, root);
        if (communicator.World.Rank != root) bytes = new byte[length[0]];
        communicator.Broadcast(bytes.AsSpan(), root);
        return Encoding.UTF8.GetString(bytes);
    }
}
