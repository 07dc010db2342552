using System.Reflection;
using System.Runtime.InteropServices;
using MultiMix.Kernels.Native;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>Properties of the driver bindings that matter only on a GPU, checked without one.</summary>
public sealed class DriverBindingTests
{
    /// <summary>
    /// The backend's stream is CU_STREAM_NON_BLOCKING, which does not order against the legacy default stream that
    /// the synchronous cuMemset*/cuMemcpy* run on: a fill could land after a later kernel. Every copy and fill bound
    /// must therefore take a stream.
    /// </summary>
    [Fact]
    public void Every_bound_copy_and_fill_is_ordered_on_a_stream()
    {
        var memoryCalls = typeof(CudaDriver).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("cuMemset", StringComparison.Ordinal) || m.Name.StartsWith("cuMemcpy", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(memoryCalls);
        Assert.All(memoryCalls, m => Assert.True(m.GetParameters().Any(p => p.Name == "stream"), $"{m.Name} runs on the legacy default stream"));
        Assert.Contains(memoryCalls, m => m.Name == "cuMemsetD32Async");
    }

    [Fact]
    public void Elapsed_time_uses_the_v2_entry_point_first_as_cuda_13_headers_name_it()
    {
        Assert.Equal(["cuEventElapsedTime_v2", "cuEventElapsedTime"], CudaDriver.EventElapsedTimeSymbols);
    }

    /// <summary>The lookup behind it, on a library every machine has: the first name exported wins, absent names are skipped.</summary>
    [Fact]
    public void The_first_exported_of_several_entry_points_is_chosen()
    {
        var libc = NativeLibrary.Load("libc.so.6");
        var (name, address) = NativeExports.First(libc, ["multimix_no_such_symbol_v2", "strlen", "memcpy"]);
        Assert.Equal("strlen", name);
        Assert.Equal(NativeLibrary.GetExport(libc, "strlen"), address);
        var error = Assert.Throws<EntryPointNotFoundException>(() => NativeExports.First(libc, ["multimix_no_such_symbol"]));
        Assert.Contains("multimix_no_such_symbol", error.Message, StringComparison.Ordinal);
    }
}
