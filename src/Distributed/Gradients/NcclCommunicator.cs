using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Native;
using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Gradients;

/// <summary>
/// An NCCL communicator over the same ranks as a host communicator (MPI): rank 0 draws the ncclUniqueId, MPI
/// broadcasts its 128 bytes, and every rank joins with ncclCommInitRank. NCCL binds the communicator to the
/// CUDA device current on the calling thread, so the caller makes its local rank's device current first (the
/// CUDA backend's context). Loading NCCL, checking its version and drawing the id run under a
/// <see cref="FailureAgreement"/>, so a rank without NCCL stops every rank with its message; a failure inside
/// ncclCommInitRank or a collective leaves the others waiting in NCCL and is for <see cref="ICommunicator.Abort"/>.
/// </summary>
public sealed unsafe class NcclCommunicator : IDisposable
{
    private nint _comm;

    private NcclCommunicator(nint comm, int version, ICommunicator host)
    {
        _comm = comm;
        Version = version;
        Host = host;
    }

    /// <summary>NCCL's version code (e.g. 22105 for 2.21.5).</summary>
    public int Version { get; }

    /// <summary>The host communicator over the same ranks (it broadcast the id).</summary>
    public ICommunicator Host { get; }

    public WorldInfo World => Host.World;

    public static NcclCommunicator Create(ICommunicator host)
    {
        var world = host.World;
        var id = new byte[NcclUniqueId.Bytes];
        var version = new FailureAgreement(host).Run(() =>
        {
            var library = NcclLibrary.Library;
            if (!library.Found) throw new DistributedSetupException($"the CUDA backend's all-reduce needs NCCL: {library}");
            Nccl.Check(Nccl.ncclGetVersion(out var code));
            if (code < Nccl.MinimumVersion)
            {
                throw new DistributedSetupException($"NCCL {Nccl.VersionText(code)} at {library.Path} is older than {Nccl.VersionText(Nccl.MinimumVersion)}, the oldest supported");
            }
            if (world.IsRoot)
            {
                NcclUniqueId drawn;
                Nccl.Check(Nccl.ncclGetUniqueId(&drawn));
                new ReadOnlySpan<byte>(drawn.Internal, NcclUniqueId.Bytes).CopyTo(id);
            }
            return code;
        });
        host.Broadcast(id.AsSpan(), 0);
        NcclUniqueId shared;
        id.CopyTo(new Span<byte>(shared.Internal, NcclUniqueId.Bytes));
        Nccl.Check(Nccl.ncclCommInitRank(out var comm, world.Size, shared, world.Rank));
        return new NcclCommunicator(comm, version, host);
    }

    /// <summary>
    /// Enqueues on <paramref name="stream"/> the in-place average (ncclAvg) of <paramref name="count"/> floats at
    /// device address <paramref name="buffer"/> across the ranks.
    /// </summary>
    public void AllReduceMean(ulong buffer, long count, nint stream)
    {
        ObjectDisposedException.ThrowIf(_comm == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Nccl.Check(Nccl.ncclAllReduce(buffer, buffer, (nuint)count, Nccl.Float32, Nccl.Avg, _comm, stream), _comm);
    }

    /// <summary>Frees the communicator and stops its pending operations on the device (after a failure).</summary>
    public void Abort()
    {
        if (_comm == 0) return;
        var comm = _comm;
        _comm = 0;
        Nccl.Check(Nccl.ncclCommAbort(comm));
    }

    public void Dispose()
    {
        if (_comm == 0) return;
        var comm = _comm;
        _comm = 0;
        Nccl.Check(Nccl.ncclCommDestroy(comm));
    }
}
