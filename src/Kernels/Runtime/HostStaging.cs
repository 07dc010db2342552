using MultiMix.Kernels.Launch;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// Host-device copies through page-locked (pinned) staging slots. From pageable memory the driver stages every copy
/// through a small internal buffer and a synchronous memcpy; from pinned memory the copy engine reads or writes the
/// host directly, at full bus speed. An upload copies each chunk into a free slot and queues its transfer, then
/// returns, so the caller may reuse its buffer at once while the transfers run; a slot is reused only after the
/// transfer out of it has finished. A download queues the transfers into alternating slots and copies each to the
/// caller's buffer as soon as it has arrived.
/// </summary>
internal sealed unsafe class HostStaging : IDisposable
{
    /// <summary>Bytes per slot: 4 MiB.</summary>
    public const long SlotBytes = 4L << 20;

    private const int SlotCount = 2;

    private readonly IStagingStream _stream;
    private readonly (nint Pinned, nint Done)[] _slots = new (nint, nint)[SlotCount];
    private readonly Lock _gate = new();
    private int _next;

    public HostStaging(IStagingStream stream, long slotBytes = SlotBytes)
    {
        _stream = stream;
        SlotSize = slotBytes;
        for (var i = 0; i < SlotCount; i++) _slots[i] = (stream.AllocatePinned(slotBytes), stream.CreateEvent());
    }

    public long SlotSize { get; }

    /// <summary>Copies <paramref name="bytes"/> from <paramref name="source"/> into pinned slots and queues their transfer to <paramref name="destination"/>.</summary>
    public void Upload(void* source, DevicePtr destination, long bytes)
    {
        lock (_gate)
        {
            for (long offset = 0; offset < bytes; offset += SlotSize)
            {
                var length = Math.Min(SlotSize, bytes - offset);
                var (pinned, done) = _slots[_next];
                _next = (_next + 1) % SlotCount;
                _stream.Wait(done); // the previous transfer out of this slot has finished
                Buffer.MemoryCopy((byte*)source + offset, (void*)pinned, length, length);
                _stream.CopyToDevice(pinned, At(destination, offset), length);
                _stream.Record(done);
            }
        }
    }

    /// <summary>Queues the transfer of <paramref name="bytes"/> from <paramref name="source"/> and copies them to <paramref name="destination"/> as they arrive.</summary>
    public void Download(DevicePtr source, void* destination, long bytes)
    {
        lock (_gate)
        {
            var queued = new Queue<(int Slot, long Offset, long Length)>();
            long issued = 0;
            while (issued < bytes || queued.Count > 0)
            {
                while (issued < bytes && queued.Count < SlotCount)
                {
                    var length = Math.Min(SlotSize, bytes - issued);
                    var slot = _next;
                    _next = (_next + 1) % SlotCount;
                    _stream.Wait(_slots[slot].Done); // an upload still reading this slot
                    _stream.CopyToHost(At(source, issued), _slots[slot].Pinned, length);
                    _stream.Record(_slots[slot].Done);
                    queued.Enqueue((slot, issued, length));
                    issued += length;
                }
                var (s, offset, count) = queued.Dequeue();
                _stream.Wait(_slots[s].Done);
                Buffer.MemoryCopy((void*)_slots[s].Pinned, (byte*)destination + offset, count, count);
            }
        }
    }

    private static DevicePtr At(DevicePtr p, long byteOffset) => new(p.Address + (ulong)byteOffset);

    public void Dispose()
    {
        foreach (var (pinned, done) in _slots)
        {
            _stream.Wait(done);
            _stream.DestroyEvent(done);
            _stream.FreePinned(pinned);
        }
    }
}
