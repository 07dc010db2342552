using System.Text.Json;
using MultiMix.GpuCheck;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>scripts/gpu-check's results (one markdown table and JSON), its exit status and its parity runner's clean-up, without a GPU.</summary>
public sealed class GpuCheckReportTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(256, CheckReport.MaxExitCode)]
    [InlineData(512, CheckReport.MaxExitCode)]
    public void The_exit_status_is_the_failure_count_capped_so_it_never_wraps_to_success(int failures, int expected)
    {
        Assert.Equal(expected, CheckReport.ExitCodeFor(failures));
        Assert.Equal(failures == 0, CheckReport.ExitCodeFor(failures) % 256 == 0);
    }

    [Fact]
    public void The_results_are_one_markdown_table_and_the_same_rows_as_json()
    {
        var report = new CheckReport();
        report.Add(new CheckRow("cublas-gemm", "gemm m=7", "relative error ≤ 1E-005", "3.1E-07", true));
        report.Add(new CheckRow("kernel-parity", "a|b", "matches the CPU backend", "element 3:\nexpected 1, got 2", false));
        using var folder = new ScratchFolder("multimix-gpu-check-");
        report.Write(folder.Path);

        var lines = File.ReadAllLines(Path.Combine(folder.Path, "results.md"));
        Assert.Equal("| check | expected | got | pass |", lines[0]);
        Assert.Equal("|---|---|---|---|", lines[1]);
        Assert.Equal("| cublas-gemm: gemm m=7 | relative error ≤ 1E-005 | 3.1E-07 | yes |", lines[2]);
        Assert.Equal("| kernel-parity: a\\|b | matches the CPU backend | element 3: expected 1, got 2 | **no** |", lines[3]);
        Assert.Contains("1 of 2 checks failed.", lines);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "results.json")));
        Assert.Equal(1, json.RootElement.GetProperty("failures").GetInt32());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal(2, checks.GetArrayLength());
        Assert.Equal("a|b", checks[1].GetProperty("check").GetString());
        Assert.False(checks[1].GetProperty("pass").GetBoolean());
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void A_failed_parity_case_is_recorded_and_its_buffers_are_disposed()
    {
        var memory = new Buffers();
        var row = ParityRunner.RunCase("kernel-parity", "Case(1)", () => memory, _ => throw new InvalidOperationException("element 0: expected 1, got NaN"));
        Assert.True(memory.Disposed);
        Assert.False(row.Pass);
        Assert.Equal("element 0: expected 1, got NaN", row.Got);

        var passed = new Buffers();
        Assert.True(ParityRunner.RunCase("kernel-parity", "Case(2)", () => passed, _ => { }).Pass);
        Assert.True(passed.Disposed);
    }

    private sealed class Buffers : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
