namespace MultiMix.Tensors.Backend;

/// <summary>
/// The memory pool of both backends. A training step asks for the same sizes every time, so after the first step
/// every request is served from memory already held and nothing reaches the system allocator (which is slow, and
/// on the CPU would fault every page in again).
/// <list type="bullet">
/// <item>Small blocks (up to <see cref="LargeBlock"/>) are kept by exact size (rounded to the granularity).</item>
/// <item>Larger ones are carved from segments (whole multiples of <see cref="SegmentGranularity"/>): a request takes
/// the smallest free span that fits, the rest of the span stays free, and returned spans merge with free neighbours.
/// So the memory one layer's gradients used serves another layer's activations of a different size, and the pool
/// holds little more than the peak in use rather than the sum of each size's own peak.</item>
/// <item><see cref="TrimIdle"/> gives back what was not used since its previous call; <see cref="Trim"/> everything
/// unused. When the source runs out of memory while unused blocks are held, they are given back and the request
/// is tried once more.</item>
/// </list>
/// </summary>
internal sealed class MemoryPool : IMemoryPool, IDisposable
{
    /// <summary>Requests above this many bytes are carved from segments.</summary>
    public const long LargeBlock = 1 << 20;

    /// <summary>Segments are whole multiples of this (a huge page on the CPU).</summary>
    public const long SegmentGranularity = 2 << 20;

    private readonly IBlockSource _source;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SmallClass> _small = [];
    private readonly SortedSet<Span> _free = new(Comparer<Span>.Create(static (a, b) => a.Size != b.Size ? a.Size.CompareTo(b.Size) : a.Address.CompareTo(b.Address)));
    private readonly Dictionary<ulong, Span> _used = [];
    private readonly List<Segment> _segments = [];
    private long _generation;

    public MemoryPool(IBlockSource source) => _source = source;

    public long BytesInUse { get; private set; }

    public long BytesReserved { get; private set; }

    public long PeakBytesInUse { get; private set; }

    /// <summary>The bytes a request of <paramref name="bytes"/> occupies: rounded up to the granularity, at least one granule.</summary>
    public long RoundUp(long bytes) => Math.Max(_source.Granularity, (bytes + _source.Granularity - 1) / _source.Granularity * _source.Granularity);

    /// <summary>A block of <see cref="RoundUp"/>(bytes); give it back with <see cref="Return"/> and the same byte count.</summary>
    public ulong Rent(long bytes)
    {
        var size = RoundUp(bytes);
        lock (_gate)
        {
            var address = size > LargeBlock ? RentLarge(size) : RentSmall(size);
            BytesInUse += size;
            PeakBytesInUse = Math.Max(PeakBytesInUse, BytesInUse);
            return address;
        }
    }

    public void Return(ulong address, long bytes)
    {
        var size = RoundUp(bytes);
        lock (_gate)
        {
            BytesInUse -= size;
            if (size > LargeBlock) ReturnLarge(address);
            else _small[size].Free.Push(address);
        }
    }

    public void ResetPeak()
    {
        lock (_gate) PeakBytesInUse = BytesInUse;
    }

    public void Trim()
    {
        lock (_gate) TrimLocked(idleOnly: false);
    }

    public void TrimIdle()
    {
        lock (_gate)
        {
            TrimLocked(idleOnly: true);
            _generation++;
        }
    }

    public void Dispose() => Trim();

    private ulong RentSmall(long size)
    {
        if (!_small.TryGetValue(size, out var c)) _small[size] = c = new SmallClass();
        c.LastUsed = _generation;
        return c.Free.Count > 0 ? c.Free.Pop() : Allocate(size);
    }

    private ulong RentLarge(long size)
    {
        var span = BestFit(size);
        if (span is null)
        {
            var segmentSize = (size + SegmentGranularity - 1) / SegmentGranularity * SegmentGranularity;
            var segment = new Segment(Allocate(segmentSize), segmentSize);
            _segments.Add(segment);
            span = segment.First;
        }
        else
        {
            _free.Remove(span);
        }
        if (span.Size > size)
        {
            var rest = new Span(span.Segment, span.Address + (ulong)size, span.Size - size) { Previous = span, Next = span.Next };
            if (span.Next is not null) span.Next.Previous = rest;
            span.Next = rest;
            span.Size = size;
            _free.Add(rest);
        }
        span.IsFree = false;
        span.Segment.LastUsed = _generation;
        _used[span.Address] = span;
        return span.Address;
    }

    /// <summary>The smallest free span of at least <paramref name="size"/> bytes (the lowest address among equals), or null.</summary>
    private Span? BestFit(long size) => _free.GetViewBetween(new Span(null!, 0, size), new Span(null!, ulong.MaxValue, long.MaxValue)).Min;

    private void ReturnLarge(ulong address)
    {
        if (!_used.Remove(address, out var span)) throw new InvalidOperationException($"0x{address:x} is not a block of this pool.");
        span.IsFree = true;
        if (span.Previous is { IsFree: true } before)
        {
            _free.Remove(before);
            before.Size += span.Size;
            before.Next = span.Next;
            if (span.Next is not null) span.Next.Previous = before;
            span = before;
        }
        if (span.Next is { IsFree: true } after)
        {
            _free.Remove(after);
            span.Size += after.Size;
            span.Next = after.Next;
            if (after.Next is not null) after.Next.Previous = span;
        }
        _free.Add(span);
    }

    /// <summary>From the source, giving back unused blocks and trying once more if it runs out while some are held.</summary>
    private ulong Allocate(long bytes)
    {
        ulong address;
        try
        {
            address = _source.Allocate(bytes);
        }
        catch (Exception e) when (_source.IsOutOfMemory(e) && BytesReserved > BytesInUse)
        {
            TrimLocked(idleOnly: false);
            address = _source.Allocate(bytes);
        }
        BytesReserved += bytes;
        return address;
    }

    private void TrimLocked(bool idleOnly)
    {
        var freed = false;
        foreach (var (size, c) in _small)
        {
            if (c.Free.Count == 0 || (idleOnly && c.LastUsed == _generation)) continue;
            if (!freed) _source.Synchronize();
            freed = true;
            while (c.Free.Count > 0)
            {
                _source.Free(c.Free.Pop(), size);
                BytesReserved -= size;
            }
        }
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            var segment = _segments[i];
            if (idleOnly && segment.LastUsed == _generation) continue;
            if (!segment.First.IsFree || segment.First.Size != segment.Size) continue;
            if (!freed) _source.Synchronize();
            freed = true;
            _free.Remove(segment.First);
            _segments.RemoveAt(i);
            _source.Free(segment.Base, segment.Size);
            BytesReserved -= segment.Size;
        }
    }

    private sealed class SmallClass
    {
        public Stack<ulong> Free { get; } = new();

        public long LastUsed { get; set; }
    }

    /// <summary>A block from the source that large requests are carved from.</summary>
    private sealed class Segment
    {
        public Segment(ulong @base, long size)
        {
            Base = @base;
            Size = size;
            First = new Span(this, @base, size);
        }

        public ulong Base { get; }

        public long Size { get; }

        /// <summary>The span at the segment's base (merges keep the lower address, so it is always this object).</summary>
        public Span First { get; }

        public long LastUsed { get; set; }
    }

    /// <summary>A run of bytes of a segment, free or handed out, linked to its neighbours in address order.</summary>
    private sealed class Span(Segment segment, ulong address, long size)
    {
        public Segment Segment { get; } = segment;

        public ulong Address { get; } = address;

        public long Size { get; set; } = size;

        public bool IsFree { get; set; } = true;

        public Span? Previous { get; set; }

        public Span? Next { get; set; }
    }
}
