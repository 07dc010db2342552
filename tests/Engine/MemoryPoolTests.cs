using MultiMix.Tensors.Backend;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>The pool both backends use, over a source that hands out address ranges and can run out.</summary>
public sealed class MemoryPoolTests
{
    private const long MiB = 1 << 20;

    /// <summary>Hands out disjoint address ranges (nothing is touched), remembers what is live, and runs out at a limit.</summary>
    private sealed class FakeSource(long limit = long.MaxValue) : IBlockSource
    {
        private ulong _next = 1 << 30;

        public Dictionary<ulong, long> Live { get; } = [];

        public List<string> Log { get; } = [];

        public long Granularity => 256;

        public long Allocated => Live.Values.Sum();

        public ulong Allocate(long bytes)
        {
            if (Allocated + bytes > limit) throw new OutOfMemoryException("fake source is full");
            var address = _next;
            _next += (ulong)bytes + (1 << 20);
            Live[address] = bytes;
            Log.Add("allocate");
            return address;
        }

        public void Free(ulong address, long bytes)
        {
            Assert.Equal(bytes, Live[address]);
            Live.Remove(address);
            Log.Add("free");
        }

        public void Synchronize() => Log.Add("synchronize");

        public bool IsOutOfMemory(Exception error) => error is OutOfMemoryException;
    }

    [Fact]
    public void Small_blocks_are_reused_by_exact_size_and_trim_frees_them_after_synchronising()
    {
        var source = new FakeSource();
        using var pool = new MemoryPool(source);
        var a = pool.Rent(1000);
        Assert.Equal(1024, pool.BytesInUse);
        pool.Return(a, 1000);
        Assert.Equal(a, pool.Rent(1000));
        var b = pool.Rent(5000);
        Assert.Equal(1024 + 5120, pool.BytesReserved);
        pool.Return(b, 5000);
        pool.Trim();
        Assert.Equal(["allocate", "allocate", "synchronize", "free"], source.Log);
        Assert.Equal(1024, pool.BytesReserved);
        pool.Return(a, 1000);
    }

    [Fact]
    public void Large_blocks_are_carved_from_a_segment_and_merge_back_when_returned()
    {
        var source = new FakeSource();
        using var pool = new MemoryPool(source);
        var whole = pool.Rent(6 * MiB);
        pool.Return(whole, 6 * MiB);
        var parts = new[] { pool.Rent(2 * MiB), pool.Rent(2 * MiB), pool.Rent(2 * MiB) };
        Assert.Equal(6 * MiB, pool.BytesReserved);
        Assert.Equal([whole, whole + (2 * MiB), whole + (4 * MiB)], parts);
        pool.Return(parts[1], 2 * MiB);
        pool.Return(parts[0], 2 * MiB);
        Assert.Equal(whole, pool.Rent(4 * MiB));
        Assert.Equal(6 * MiB, pool.BytesReserved);
        Assert.Single(source.Live);
        var other = pool.Rent(3 * MiB);
        Assert.Equal(6 * MiB + (4 * MiB), pool.BytesReserved);
        pool.Return(other, 3 * MiB);
        pool.Return(whole, 4 * MiB);
        pool.Return(parts[2], 2 * MiB);
        Assert.Equal(0, pool.BytesInUse);
        Assert.Throws<InvalidOperationException>(() => pool.Return(whole, 4 * MiB));
        pool.Trim();
        Assert.Equal(0, pool.BytesReserved);
        Assert.Empty(source.Live);
    }

    /// <summary>
    /// Steps that free and allocate blocks of many sizes in a fixed order (as a training step does) stop taking
    /// memory from the source after the first few, and the pool holds less than a pool of exact sizes would: the
    /// sum over sizes of each size's own peak.
    /// </summary>
    [Fact]
    public void A_repeated_step_of_mixed_sizes_settles_near_its_peak()
    {
        var source = new FakeSource();
        using var pool = new MemoryPool(source);
        var random = new System.Random(5);
        var script = Enumerable.Range(0, 300).Select(_ => (Bytes: (long)random.Next(1, 40) * MiB / 4, Keep: random.Next(6))).ToList();
        long reservedAfterWarmUp = 0;
        var perSizePeak = new Dictionary<long, long>();
        for (var step = 0; step < 200; step++)
        {
            var live = new List<(ulong Address, long Bytes, int Until)>();
            for (var i = 0; i < script.Count; i++)
            {
                var (bytes, keep) = script[i];
                live.Add((pool.Rent(bytes), bytes, i + keep));
                foreach (var block in live.Where(b => b.Until <= i).ToList())
                {
                    pool.Return(block.Address, block.Bytes);
                    live.Remove(block);
                }
                foreach (var size in live.Select(b => b.Bytes).Distinct())
                {
                    perSizePeak[size] = Math.Max(perSizePeak.GetValueOrDefault(size), size * live.Count(b => b.Bytes == size));
                }
            }
            foreach (var block in live) pool.Return(block.Address, block.Bytes);
            pool.TrimIdle();
            if (step == 5) reservedAfterWarmUp = pool.BytesReserved;
        }
        Assert.Equal(reservedAfterWarmUp, pool.BytesReserved);
        var exactSizes = perSizePeak.Values.Sum();
        Assert.True(pool.BytesReserved < exactSizes, $"the pool holds {pool.BytesReserved / MiB} MiB; exact sizes would hold {exactSizes / MiB} MiB");
    }

    [Fact]
    public void Idle_trimming_frees_only_what_the_last_step_did_not_use()
    {
        var source = new FakeSource();
        using var pool = new MemoryPool(source);
        void Step(params long[] sizes)
        {
            var blocks = sizes.Select(s => (pool.Rent(s), s)).ToList();
            foreach (var (a, s) in blocks) pool.Return(a, s);
            pool.TrimIdle();
        }
        Step(3 * MiB, 1000, 8 * MiB, 5000);
        Assert.Equal(4 * MiB + 1024 + (8 * MiB) + 5120, pool.BytesReserved);
        Step(3 * MiB, 1000);
        Assert.Equal(4 * MiB + 1024, pool.BytesReserved);
        Step(3 * MiB, 1000);
        Assert.Equal(4 * MiB + 1024, pool.BytesReserved);
    }

    [Fact]
    public void Running_out_gives_unused_blocks_back_and_tries_once_more()
    {
        var source = new FakeSource(limit: 10 * MiB);
        using var pool = new MemoryPool(source);
        var small = pool.Rent(4096);
        var large = pool.Rent(6 * MiB);
        pool.Return(small, 4096);
        pool.Return(large, 6 * MiB);
        var big = pool.Rent(8 * MiB);
        Assert.Equal(8 * MiB, pool.BytesReserved);
        Assert.Equal(["allocate", "allocate", "synchronize", "free", "free", "allocate"], source.Log);
        Assert.Throws<OutOfMemoryException>(() => pool.Rent(4 * MiB));
        pool.Return(big, 8 * MiB);
    }
}
