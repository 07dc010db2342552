using System.Runtime.InteropServices;
using MultiMix.Distributed.Native;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>The Open MPI bindings against the installed libmpi.so.40 (the jobs in <see cref="MpiJobTests"/> call them).</summary>
public sealed class MpiBindingTests
{
    [MpiFact]
    public void TheInstalledLibraryIsOpenMpiAndExportsEveryBoundFunction()
    {
        Assert.Null(MpiLibrary.Problem);
        var entryPoints = Bindings.EntryPoints(typeof(Mpi));
        Assert.Equal(14, entryPoints.Count);
        Assert.All(entryPoints, name => Assert.True(NativeLibrary.TryGetExport(MpiLibrary.Library.Handle, name, out _), $"{MpiLibrary.Library.Path} lacks {name}"));
    }

    [MpiFact]
    public void EveryPredefinedHandleIsTheAddressOfADistinctExportedObject()
    {
        var handles = MpiHandles.Bind(MpiLibrary.Library);
        nint[] all = [handles.CommWorld, handles.InfoNull, handles.ErrorsReturn, handles.Byte, handles.Int, handles.Int64, handles.Float, handles.Double, handles.Sum, handles.Max, handles.Min];
        Assert.Equal(MpiHandles.Symbols.Count, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.Equal(NativeLibrary.GetExport(MpiLibrary.Library.Handle, "ompi_mpi_comm_world"), handles.CommWorld);
        Assert.Equal(NativeLibrary.GetExport(MpiLibrary.Library.Handle, "ompi_mpi_float"), handles.Float);
        Assert.Equal(NativeLibrary.GetExport(MpiLibrary.Library.Handle, "ompi_mpi_op_sum"), handles.Sum);
    }

    [MpiFact]
    public void TheLibraryAnswersBeforeInitialization()
    {
        // MPI_Initialized and MPI_Finalized are the calls MPI allows before MPI_Init; the test process never initializes MPI.
        Assert.Equal(Mpi.Success, Mpi.MPI_Initialized(out var initialized));
        Assert.Equal(0, initialized);
        Assert.Equal(Mpi.Success, Mpi.MPI_Finalized(out var finalized));
        Assert.Equal(0, finalized);
    }

    [Fact]
    public void ALibraryWithoutOpenMpisObjectsIsRefusedByName()
    {
        // libm loads but is not Open MPI: the check is by the exported MPI_COMM_WORLD object, not the file name.
        var libm = SharedLibrary.Search("Open MPI", ["libm.so.6"], [null]);
        Assert.True(libm.Found, libm.ToString());
        Assert.False(NativeLibrary.TryGetExport(libm.Handle, MpiLibrary.OpenMpiMarker, out _));
    }
}
