using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MultiMix.Benchmarks;

/// <summary>A benchmark parameter that knows how many floating-point operations one invocation performs.</summary>
public interface IFlopCount
{
    double Flops { get; }
}

/// <summary>Adds a GFLOP/s column: the flops of the case's <see cref="IFlopCount"/> parameter over the mean time.</summary>
public sealed class FlopsColumn : IColumn
{
    public string Id => nameof(FlopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations per second (2·M·N·K for a GEMM, 2·N·Cout·Cin·k²·H·W for a convolution)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        var flops = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IFlopCount>().FirstOrDefault();
        return statistics is null || flops is null
            ? "NA"
            : (flops.Flops / statistics.Mean).ToString("F1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
