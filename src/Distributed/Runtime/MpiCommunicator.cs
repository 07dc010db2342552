using MultiMix.Distributed.Native;

namespace MultiMix.Distributed.Runtime;

/// <summary>
/// The job's MPI_COMM_WORLD. <see cref="Initialize"/> starts MPI at thread level MPI_THREAD_SERIALIZED (any
/// thread may call, one at a time; a lock serializes this object's calls), makes errors return instead of
/// aborting (MPI_ERRORS_RETURN) so each becomes an <see cref="MpiException"/> naming the call, and reads rank,
/// size and the local rank. The local rank comes from MPI_Comm_split_type(MPI_COMM_TYPE_SHARED): a
/// communicator of the ranks that share this machine's memory, which is right under any launcher (mpirun,
/// srun, a hostfile with any placement), where a launcher's environment variable
/// (OMPI_COMM_WORLD_LOCAL_RANK) exists only under Open MPI's own mpirun. Dispose finalizes MPI.
/// </summary>
public sealed unsafe class MpiCommunicator : ICommunicator
{
    private static int s_initialized;

    private readonly MpiHandles _handles;
    private readonly Lock _gate = new();
    private bool _finalized;

    private MpiCommunicator(MpiHandles handles, WorldInfo world)
    {
        _handles = handles;
        World = world;
    }

    public WorldInfo World { get; }

    /// <summary>Initializes MPI for this process (once) and returns MPI_COMM_WORLD.</summary>
    /// <exception cref="DistributedSetupException">Not started by an MPI launcher, or no Open MPI.</exception>
    public static MpiCommunicator Initialize()
    {
        if (DistributedLaunch.Problem() is { } problem) throw new DistributedSetupException(problem);
        if (Interlocked.Exchange(ref s_initialized, 1) != 0) throw new InvalidOperationException("MPI is initialized once per process");
        var handles = MpiHandles.Bind(MpiLibrary.Library);
        Mpi.Check(Mpi.MPI_Init_thread(null, null, Mpi.ThreadSerialized, out var provided));
        if (provided < Mpi.ThreadSerialized)
        {
            throw new MpiException($"Open MPI provides thread level {provided}; MultiMix needs MPI_THREAD_SERIALIZED ({Mpi.ThreadSerialized})");
        }
        Mpi.Check(Mpi.MPI_Comm_set_errhandler(handles.CommWorld, handles.ErrorsReturn));
        Mpi.Check(Mpi.MPI_Comm_rank(handles.CommWorld, out var rank));
        Mpi.Check(Mpi.MPI_Comm_size(handles.CommWorld, out var size));
        Mpi.Check(Mpi.MPI_Comm_split_type(handles.CommWorld, Mpi.CommTypeShared, rank, handles.InfoNull, out var node));
        try
        {
            Mpi.Check(Mpi.MPI_Comm_rank(node, out var localRank));
            Mpi.Check(Mpi.MPI_Comm_size(node, out var localSize));
            return new MpiCommunicator(handles, new WorldInfo(rank, size, localRank, localSize));
        }
        finally
        {
            Mpi.Check(Mpi.MPI_Comm_free(ref node));
        }
    }

    public void AllReduce<T>(Span<T> values, ReduceOp op)
        where T : unmanaged
    {
        ElementTypes.RequireReducible<T>();
        var type = DataType<T>();
        var reduction = op switch
        {
            ReduceOp.Sum => _handles.Sum,
            ReduceOp.Max => _handles.Max,
            ReduceOp.Min => _handles.Min,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
        lock (_gate)
        {
            ThrowIfFinalized();
            fixed (T* pointer = values)
            {
                Mpi.Check(Mpi.MPI_Allreduce(Mpi.InPlace, pointer, values.Length, type, reduction, _handles.CommWorld));
            }
        }
    }

    public void Broadcast<T>(Span<T> values, int root)
        where T : unmanaged
    {
        ElementTypes.RequireTransferable<T>();
        var type = DataType<T>();
        lock (_gate)
        {
            ThrowIfFinalized();
            fixed (T* pointer = values)
            {
                Mpi.Check(Mpi.MPI_Bcast(pointer, values.Length, type, root, _handles.CommWorld));
            }
        }
    }

    public void Barrier()
    {
        lock (_gate)
        {
            ThrowIfFinalized();
            Mpi.Check(Mpi.MPI_Barrier(_handles.CommWorld));
        }
    }

    public void Abort(int exitCode)
    {
        Console.Error.Flush();
        Console.Out.Flush();
        Mpi.MPI_Abort(_handles.CommWorld, exitCode);
        Environment.Exit(exitCode);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_finalized) return;
            _finalized = true;
            Mpi.Check(Mpi.MPI_Finalized(out var done));
            if (done == 0) Mpi.Check(Mpi.MPI_Finalize());
        }
    }

    private nint DataType<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return _handles.Float;
        if (typeof(T) == typeof(double)) return _handles.Double;
        if (typeof(T) == typeof(int)) return _handles.Int;
        if (typeof(T) == typeof(long)) return _handles.Int64;
        return _handles.Byte;
    }

    private void ThrowIfFinalized() => ObjectDisposedException.ThrowIf(_finalized, this);
}
