using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MultiMix.Benchmarks;

/// <summary>A benchmark class that knows how many bytes each of its benchmarks must move at least.</summary>
public interface IBytesMoved
{
    double BytesOf(string benchmark);
}

/// <summary>Adds a GB/s column: the compulsory bytes of the benchmark over the mean time.</summary>
public sealed class BandwidthColumn : IColumn
{
    public string Id => nameof(BandwidthColumn);

    public string ColumnName => "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Compulsory bytes (each input read once, each output written once) per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IBytesMoved moved) return "NA";
        return (moved.BytesOf(benchmarkCase.Descriptor.WorkloadMethod.Name) / statistics.Mean).ToString("F1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
