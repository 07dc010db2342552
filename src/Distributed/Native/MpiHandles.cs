namespace MultiMix.Distributed.Native;

/// <summary>
/// Open MPI's predefined handles. In Open MPI's <c>mpi.h</c> (4.1.4) each is a macro such as
/// <c>#define MPI_COMM_WORLD OMPI_PREDEFINED_GLOBAL(MPI_Comm, ompi_mpi_comm_world)</c>, which expands to
/// <c>((MPI_Comm) &amp;(ompi_mpi_comm_world))</c>: the handle is the address of a global object exported by
/// libmpi, so it is bound as the symbol's address (<see cref="SharedLibrary.Export"/>), never a value read from
/// it. MPI_INT64_T stands for C# long (MPI_LONG would be the platform's C long).
/// </summary>
internal sealed record MpiHandles(
    nint CommWorld,
    nint InfoNull,
    nint ErrorsReturn,
    nint Byte,
    nint Int,
    nint Int64,
    nint Float,
    nint Double,
    nint Sum,
    nint Max,
    nint Min)
{
    /// <summary>The exported object behind each handle, by the macro that names it in mpi.h.</summary>
    public static IReadOnlyDictionary<string, string> Symbols { get; } = new Dictionary<string, string>
    {
        ["MPI_COMM_WORLD"] = "ompi_mpi_comm_world",
        ["MPI_INFO_NULL"] = "ompi_mpi_info_null",
        ["MPI_ERRORS_RETURN"] = "ompi_mpi_errors_return",
        ["MPI_BYTE"] = "ompi_mpi_byte",
        ["MPI_INT"] = "ompi_mpi_int",
        ["MPI_INT64_T"] = "ompi_mpi_int64_t",
        ["MPI_FLOAT"] = "ompi_mpi_float",
        ["MPI_DOUBLE"] = "ompi_mpi_double",
        ["MPI_SUM"] = "ompi_mpi_op_sum",
        ["MPI_MAX"] = "ompi_mpi_op_max",
        ["MPI_MIN"] = "ompi_mpi_op_min",
    };

    public static MpiHandles Bind(SharedLibrary library)
    {
        nint Get(string macro) => library.Export(Symbols[macro]);
        return new MpiHandles(
            Get("MPI_COMM_WORLD"), Get("MPI_INFO_NULL"), Get("MPI_ERRORS_RETURN"),
            Get("MPI_BYTE"), Get("MPI_INT"), Get("MPI_INT64_T"), Get("MPI_FLOAT"), Get("MPI_DOUBLE"),
            Get("MPI_SUM"), Get("MPI_MAX"), Get("MPI_MIN"));
    }
}
