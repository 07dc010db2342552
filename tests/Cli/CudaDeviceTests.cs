using MultiMix.Kernels;
using MultiMix.Kernels.Backend;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>Opening the real CUDA backend: it works where the doctor finds a usable GPU and says why not elsewhere.</summary>
public sealed class CudaDeviceTests
{
    [Fact]
    public void Try_create_gives_the_doctors_reason_or_a_working_backend()
    {
        var reason = CudaDoctor.UnavailableReason();
        var created = CudaBackend.TryCreate(out var backend, out var why);
        using (backend)
        {
            if (reason is not null)
            {
                Assert.False(created);
                Assert.Null(backend);
                Assert.Equal(reason, why);
            }
            else
            {
                Assert.True(created, why);
                Assert.StartsWith("cuda:", backend!.Name, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Checks the refusal where there is no usable GPU (CI); where there is one, the test above covers the working path.</summary>
    [Fact]
    public void Training_on_cuda_without_a_gpu_is_refused_in_one_line_naming_the_reason()
    {
        if (CudaDoctor.UnavailableReason() is not { } reason) return;
        using var temp = new TempFolder();
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--device", "cuda")]);
        Assert.Equal(2, outcome.ExitCode);
        var error = outcome.StatusLines[^1];
        Assert.StartsWith("multimix", error, StringComparison.Ordinal);
        Assert.Contains("--device cuda", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reason);
    }
}
