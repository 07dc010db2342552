using MultiMix.Kernels.Backend;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>Opening the real CUDA backend: it decides from the probe's typed result; --device names cpu, cuda or cuda:N.</summary>
public sealed class CudaDeviceTests
{
    [Fact]
    public void Try_create_opens_a_backend_exactly_when_the_probe_finds_the_gpu_usable_and_gives_its_reason_otherwise()
    {
        var probe = CudaProbe.Run(0);
        var created = CudaBackend.TryCreate(0, out var backend, out var why);
        using (backend)
        {
            Assert.Equal(probe.Usable, created);
            if (!probe.Usable)
            {
                Assert.Null(backend);
                Assert.Equal(probe.Reason, why);
                Assert.DoesNotContain('\n', why);
            }
            else
            {
                Assert.Equal("cuda:0", backend!.Name);
            }
        }
    }

    /// <summary>Checks the refusal where there is no usable GPU (CI); where there is one, the test above covers the working path.</summary>
    [Theory]
    [InlineData("cuda", "cuda:0", 0)]
    [InlineData("cuda:3", "cuda:3", 3)]
    public void Training_on_cuda_without_a_usable_gpu_is_refused_in_one_line_naming_the_reason(string option, string shown, int ordinal)
    {
        var probe = CudaProbe.Run(ordinal);
        if (probe.Usable) return;
        using var temp = new TempFolder();
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--device", option)]);
        Assert.Equal(2, outcome.ExitCode);
        var error = outcome.StatusLines[^1];
        Assert.StartsWith("multimix", error, StringComparison.Ordinal);
        Assert.Contains($"--device {shown}: no usable GPU", error, StringComparison.Ordinal);
        Assert.Contains(probe.Reason.TrimEnd('.'), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "run")));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:0:1")]
    public void A_device_name_that_is_not_cpu_cuda_or_cuda_n_is_refused_saying_what_is_accepted(string option)
    {
        using var temp = new TempFolder();
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--device", option)]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"option --device must be cpu, cuda or cuda:N", outcome.StatusLines[^1], StringComparison.Ordinal);
        Assert.Contains($"got '{option}'", outcome.StatusLines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu", null)]
    [InlineData("CPU", null)]
    [InlineData("cuda", 0)]
    [InlineData("cuda:0", 0)]
    [InlineData("cuda:12", 12)]
    public void Device_names_parse_to_the_cpu_or_a_gpu_ordinal(string text, int? ordinal)
    {
        Assert.True(DeviceName.TryParse(text, out var name, out var error), error);
        Assert.Equal(ordinal, name.CudaOrdinal);
        Assert.Equal(ordinal is { } n ? $"cuda:{n}" : "cpu", name.ToString());
    }
}
