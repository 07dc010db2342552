using MultiMix.Kernels.Launch;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// The stream operations <see cref="HostStaging"/> needs: page-locked host memory, copies queued in order on one
/// stream between it and the device, and events recorded on that stream to wait for a queued copy.
/// </summary>
internal interface IStagingStream
{
    nint AllocatePinned(long bytes);

    void FreePinned(nint block);

    nint CreateEvent();

    void DestroyEvent(nint e);

    /// <summary>Queues a copy of <paramref name="bytes"/> from pinned memory to the device.</summary>
    void CopyToDevice(nint pinned, DevicePtr destination, long bytes);

    /// <summary>Queues a copy of <paramref name="bytes"/> from the device to pinned memory.</summary>
    void CopyToHost(DevicePtr source, nint pinned, long bytes);

    /// <summary>Marks the point in the stream that <see cref="Wait"/> waits for.</summary>
    void Record(nint e);

    /// <summary>Waits until the stream has run everything queued before the last <see cref="Record"/> of <paramref name="e"/> (at once if never recorded).</summary>
    void Wait(nint e);
}
