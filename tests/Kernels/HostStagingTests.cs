using System.Runtime.InteropServices;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Runtime;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>
/// Pinned staging of host-device copies, against a stream that behaves like a GPU's: queued copies run only when
/// something waits for them, so a slot overwritten before its transfer ran, or a download read before it arrived,
/// gives wrong data.
/// </summary>
public sealed unsafe class HostStagingTests
{
    private const long Slot = 64;

    [Fact]
    public void An_upload_returns_at_once_and_the_caller_may_reuse_its_buffer_while_the_transfers_are_queued()
    {
        using var stream = new DeferredStream();
        using var staging = new HostStaging(stream, Slot);
        var data = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(); // 4000 bytes: 63 slot-sized chunks
        var device = stream.DeviceBlock(data.Length * sizeof(float));
        fixed (float* p = data) staging.Upload(p, device, data.Length * sizeof(float));
        Array.Fill(data, -1f);
        stream.RunAll();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (float)i), stream.Read(device, 1000));
        Assert.Equal(63, stream.Copies);
    }

    [Fact]
    public void A_download_waits_for_the_work_queued_before_it_and_returns_every_chunk()
    {
        using var stream = new DeferredStream();
        using var staging = new HostStaging(stream, Slot);
        var data = Enumerable.Range(0, 777).Select(i => i * 0.5f).ToArray();
        var device = stream.DeviceBlock(data.Length * sizeof(float));
        fixed (float* p = data) staging.Upload(p, device, data.Length * sizeof(float));
        var back = new float[data.Length];
        fixed (float* p = back) staging.Download(device, p, back.Length * sizeof(float));
        Assert.Equal(data, back);
    }

    [Fact]
    public void Disposing_waits_for_the_slots_and_frees_the_pinned_memory_and_events()
    {
        var stream = new DeferredStream();
        var staging = new HostStaging(stream, Slot);
        var data = new float[100];
        var device = stream.DeviceBlock(data.Length * sizeof(float));
        fixed (float* p = data) staging.Upload(p, device, data.Length * sizeof(float));
        staging.Dispose();
        Assert.Equal(0, stream.PinnedBlocks);
        Assert.Equal(0, stream.Events);
        Assert.Equal(0, stream.Pending);
        stream.Dispose();
    }

    /// <summary>
    /// A stream whose copies run only when an event recorded after them is waited on (or at <see cref="RunAll"/>);
    /// it refuses copies from or to memory that is not pinned. Device memory is host memory here.
    /// </summary>
    private sealed class DeferredStream : IStagingStream, IDisposable
    {
        private readonly List<Action> _queue = [];
        private readonly Dictionary<nint, long> _pinned = [];
        private readonly Dictionary<nint, int> _events = [];
        private readonly List<nint> _device = [];
        private int _ran;
        private nint _nextEvent = 1;

        public int Copies { get; private set; }

        public int PinnedBlocks => _pinned.Count;

        public int Events => _events.Count;

        public int Pending => _queue.Count - _ran;

        public DevicePtr DeviceBlock(long bytes)
        {
            var block = (nint)NativeMemory.AllocZeroed((nuint)bytes);
            _device.Add(block);
            return new DevicePtr((ulong)block);
        }

        public float[] Read(DevicePtr block, int floats) => new ReadOnlySpan<float>((void*)block.Address, floats).ToArray();

        public nint AllocatePinned(long bytes)
        {
            var block = (nint)NativeMemory.Alloc((nuint)bytes);
            _pinned[block] = bytes;
            return block;
        }

        public void FreePinned(nint block)
        {
            Assert.True(_pinned.Remove(block));
            NativeMemory.Free((void*)block);
        }

        public nint CreateEvent()
        {
            var e = _nextEvent++;
            _events[e] = 0;
            return e;
        }

        public void DestroyEvent(nint e) => Assert.True(_events.Remove(e));

        public void CopyToDevice(nint pinned, DevicePtr destination, long bytes)
        {
            AssertPinned(pinned, bytes);
            Copies++;
            _queue.Add(() => Buffer.MemoryCopy((void*)pinned, (void*)destination.Address, bytes, bytes));
        }

        public void CopyToHost(DevicePtr source, nint pinned, long bytes)
        {
            AssertPinned(pinned, bytes);
            Copies++;
            _queue.Add(() => Buffer.MemoryCopy((void*)source.Address, (void*)pinned, bytes, bytes));
        }

        public void Record(nint e) => _events[e] = _queue.Count;

        public void Wait(nint e) => RunUntil(_events[e]);

        public void RunAll() => RunUntil(_queue.Count);

        private void RunUntil(int position)
        {
            for (; _ran < position; _ran++) _queue[_ran]();
        }

        private void AssertPinned(nint pointer, long bytes) =>
            Assert.Contains(_pinned, b => pointer >= b.Key && pointer + (nint)bytes <= b.Key + (nint)b.Value);

        public void Dispose()
        {
            foreach (var block in _device) NativeMemory.Free((void*)block);
            foreach (var block in _pinned.Keys) NativeMemory.Free((void*)block);
        }
    }
}
