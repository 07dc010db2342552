using System.Numerics;
using System.Runtime.InteropServices;
using MultiMix.Distributed.Runtime;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// N ranks as N threads of this process, with collectives computed plainly over the ranks' values in rank
/// order: a reference for the coordination logic (agreement, consensus, reducers) at world sizes mpirun tests
/// would make slow, and independent of MPI.
/// </summary>
internal sealed class ThreadedWorld(int size)
{
    /// <summary>How long a rank waits for the others in a collective before it calls the sequences mismatched.</summary>
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    private readonly Barrier _barrier = new(size);
    private readonly Array?[] _slots = new Array?[size];

    /// <summary>Runs <paramref name="work"/> on every rank; returns each rank's exception (or null).</summary>
    public Exception?[] Run(Action<ICommunicator> work)
    {
        var failures = new Exception?[size];
        var threads = Enumerable.Range(0, size).Select(rank => new Thread(() =>
        {
            try
            {
                work(new Rank(this, rank));
            }
            catch (Exception e)
            {
                failures[rank] = e;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return failures;
    }

    private void Meet(int rank)
    {
        if (!_barrier.SignalAndWait(s_patience))
        {
            throw new TimeoutException($"rank {rank} waited {s_patience.TotalSeconds} s in a collective: the ranks did not call the same collectives");
        }
    }

    private sealed class Rank(ThreadedWorld world, int rank) : ICommunicator
    {
        public WorldInfo World { get; } = new(rank, world._slots.Length, rank, world._slots.Length);

        public void AllReduce<T>(Span<T> values, ReduceOp op)
            where T : unmanaged
        {
            var all = Exchange(values);
            if (typeof(T) == typeof(int)) Reduce(MemoryMarshal.Cast<T, int>(values), all.Select(a => (int[])a).ToList(), op);
            else if (typeof(T) == typeof(long)) Reduce(MemoryMarshal.Cast<T, long>(values), all.Select(a => (long[])a).ToList(), op);
            else if (typeof(T) == typeof(float)) Reduce(MemoryMarshal.Cast<T, float>(values), all.Select(a => (float[])a).ToList(), op);
            else if (typeof(T) == typeof(double)) Reduce(MemoryMarshal.Cast<T, double>(values), all.Select(a => (double[])a).ToList(), op);
            else throw new NotSupportedException(typeof(T).Name);
            world.Meet(rank);
        }

        public void Broadcast<T>(Span<T> values, int root)
            where T : unmanaged
        {
            var all = Exchange(values);
            ((T[])all[root]).AsSpan().CopyTo(values);
            world.Meet(rank);
        }

        public void Barrier() => world.Meet(rank);

        public void Abort(int exitCode) => throw new InvalidOperationException($"rank {rank} aborted with {exitCode}");

        public void Dispose()
        {
        }

        private Array[] Exchange<T>(Span<T> values)
            where T : unmanaged
        {
            world._slots[rank] = values.ToArray();
            world.Meet(rank);
            var all = world._slots.Select(s => s!).ToArray();
            var count = values.Length;
            if (all.Any(a => a.Length != count)) throw new InvalidOperationException("ranks passed different counts");
            return all;
        }

        private static void Reduce<TNumber>(Span<TNumber> values, List<TNumber[]> all, ReduceOp op)
            where TNumber : INumber<TNumber>
        {
            for (var i = 0; i < values.Length; i++)
            {
                var result = all[0][i];
                foreach (var other in all.Skip(1))
                {
                    result = op switch
                    {
                        ReduceOp.Sum => result + other[i],
                        ReduceOp.Max => TNumber.Max(result, other[i]),
                        _ => TNumber.Min(result, other[i]),
                    };
                }
                values[i] = result;
            }
        }
    }
}
