using MultiMix.Kernels.Backend;
using MultiMix.Tensors;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>What the CUDA backend does beyond the shared engine tests: its pool and its guard on foreign storages (on the emulated device).</summary>
public sealed class CudaBackendTests
{
    [Fact]
    public void Pool_reuses_a_returned_block_of_the_same_size_and_trim_frees_the_rest()
    {
        using var backend = (CudaBackend)Backends.Create("cuda-emu");
        backend.Allocate(1000, DType.Float32).Dispose();
        var reserved = backend.BytesReserved;
        Assert.Equal(0, backend.BytesInUse);
        using (var again = backend.Allocate(1000, DType.Float32))
        {
            Assert.Equal(reserved, backend.BytesReserved);
            Assert.Equal(reserved, backend.BytesInUse);
            using var other = backend.Allocate(5000, DType.Int32);
            Assert.True(backend.BytesReserved > reserved);
        }
        backend.Trim();
        Assert.Equal(0, backend.BytesReserved);
    }

    [Fact]
    public void Upload_fill_and_download_round_trip_floats_and_ints()
    {
        var backend = Backends.Get("cuda-emu");
        using var floats = backend.Allocate(5, DType.Float32);
        backend.Upload([1f, -2f, 3.5f, 0f, 7f], floats);
        var back = new float[5];
        backend.Download(floats, back);
        Assert.Equal([1f, -2f, 3.5f, 0f, 7f], back);
        backend.Fill(floats, 0.25f);
        backend.Download(floats, back);
        Assert.All(back, v => Assert.Equal(0.25f, v));
        using var ints = backend.Allocate(3, DType.Int32);
        backend.Upload([4, -1, int.MaxValue], ints);
        var intsBack = new int[3];
        backend.Download(ints, intsBack);
        Assert.Equal([4, -1, int.MaxValue], intsBack);
        Assert.Throws<ArgumentException>(() => backend.Download(floats, new float[4]));
    }

    [Fact]
    public void A_storage_of_another_backend_is_refused_by_name()
    {
        var cuda = Backends.Get("cuda-emu");
        using var cpu = Backends.Get("cpu").Allocate(4, DType.Float32);
        using var y = cuda.Allocate(4, DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => cuda.Axpy(1f, cpu, y, 4));
        Assert.Contains("cpu", e.Message, StringComparison.Ordinal);
    }
}
