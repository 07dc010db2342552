namespace MultiMix.Tensors.Random;

/// <summary>
/// A seeded position in the Philox stream. Each draw takes the next counters, so the whole run is reproducible
/// from (Seed, Offset), which is what a checkpoint stores to resume exactly. With a <see cref="Placement"/>, a
/// batch's draws are those of the global batch it is part of (<see cref="ReserveBatch"/>).
/// </summary>
public sealed class RandomStream(ulong seed, ulong offset = 0)
{
    public ulong Seed { get; } = seed;

    public ulong Offset { get; private set; } = offset;

    /// <summary>Where the images of the batches drawn for sit in a global batch; null: the batch is the whole batch.</summary>
    public BatchPlacement? Placement { get; init; }

    /// <summary>Reserves counters for <paramref name="count"/> elements and returns the offset they start at.</summary>
    public ulong Reserve(long count)
    {
        var start = Offset;
        Offset += Philox.CountersFor(count);
        return start;
    }

    /// <summary>
    /// Reserves the draws of a batch tensor of <paramref name="count"/> elements whose leading dimension is
    /// <paramref name="images"/>, as runs of elements with the Philox offset each starts at (element i of a run
    /// draws from counter offset + i/4). Without a placement that is one run, <see cref="Reserve"/>(count). With
    /// one, the stream advances by the global batch's counters and each image draws what it draws in the global
    /// batch; an image's elements must then fill whole counters (a multiple of 4: every feature map of the network,
    /// whose sides are even).
    /// </summary>
    public IReadOnlyList<RandomDraw> ReserveBatch(long count, long images)
    {
        if (Placement is not { } placement) return [new RandomDraw(0, count, Reserve(count))];
        if (images != placement.LocalImages || (images > 0 && count % images != 0))
        {
            throw new InvalidOperationException($"a batch of {count} elements in {images} images does not fit the stream's placement of {placement.LocalImages} images");
        }
        var perImage = images == 0 ? 0 : count / images;
        if (perImage % 4 != 0)
        {
            throw new InvalidOperationException($"an image of {perImage} elements does not fill whole Philox counters (4 elements each), so its draws cannot be placed in a global batch");
        }
        var start = Reserve(placement.GlobalImages * perImage);
        return [.. placement.Runs.Select(r => new RandomDraw(r.Local * perImage, r.Count * perImage, start + (ulong)(r.Global * perImage / 4)))];
    }

    /// <summary>Next uniform float in [0, 1) (consumes one counter).</summary>
    public float NextUniform() => Philox.ToUniform(Philox.Block(Seed, Reserve(1)).X0);

    /// <summary>Next integer in [0, bound) (consumes one counter).</summary>
    public int NextInt(int bound)
    {
        var (a, b, _, _) = Philox.Block(Seed, Reserve(1));
        var wide = ((ulong)a << 32) | b;
        return (int)(wide % (ulong)bound);
    }

    /// <summary>A Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
