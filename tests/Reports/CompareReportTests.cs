using System.Xml.Linq;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class CompareReportTests
{
    [Fact]
    public void A_cell_is_the_mean_and_sample_standard_deviation_over_seeds()
    {
        var cell = CompareCell.Of([0.8, 0.9, 1.0], new Interval(0.85, 0.95));
        Assert.Equal(0.9, cell.Mean, 12);
        Assert.Equal(0.1, cell.Std, 12);
        Assert.Equal(3, cell.Runs);
        Assert.Equal("0.900 ± 0.100 [0.850, 0.950]", cell.Text);
        Assert.Equal(0.0, CompareCell.Of([0.7], null).Std);
        Assert.Throws<ArgumentException>(() => CompareCell.Of([], null));
    }

    [Fact]
    public void The_best_mean_of_each_column_is_marked_ties_included()
    {
        CompareRow[] rows =
        [
            new("a", [CompareCell.Of([0.9], null), null, CompareCell.Of([0.5], null)]),
            new("b", [CompareCell.Of([0.8], null), null, CompareCell.Of([0.5], null)]),
        ];
        var best = CompareRow.Best(rows, 3);
        Assert.True(best[0, 0]);
        Assert.False(best[1, 0]);
        Assert.False(best[0, 1] || best[1, 1]);
        Assert.True(best[0, 2] && best[1, 2]);
    }

    [Fact]
    public void The_report_holds_the_table_the_files_and_a_box_plot_per_column()
    {
        using var temp = new TempFolder();
        var columns = CompareColumn.Headline;
        var scores = ClassificationScores.Compute([0, 1, 1, 0], [0, 1, 0, 0]);
        var segmentation = new SegmentationScores(0.9, 0.8, 0.9, 0.9, 0.8, 1.0);
        CompareSeedRow Seed(string variant, ulong seed, string set) =>
            new(variant, seed, 10, 2, 1.5, new MetricsRow(variant, set, variant == "unet" ? null : scores, variant == "enc" ? null : segmentation));
        CompareSeedRow[] seeds = [Seed("unet", 1, "in-domain"), Seed("unet", 2, "in-domain"), Seed("enc", 1, "in-domain"), Seed("enc", 1, "cross-domain")];
        CompareRow[] rows =
        [
            new("unet", [.. columns.Select(c => c.Metric == CompareColumn.Dice && c.Dataset == "in-domain" ? CompareCell.Of([0.9, 0.92], new Interval(0.89, 0.93)) : null)]),
            new("enc", [.. columns.Select(c => c.Metric != CompareColumn.Dice ? CompareCell.Of([0.75], null) : null)]),
        ];
        var history = new EpochRecord(1, 1e-3, 5, 1.0, 0.5, null, 0.2, null, 0.4, 0.9, 0.7, null, 3) { PseudoLabelAccuracy = 0.8, PseudoLabelPneumonia = 0.6, UnlabeledPneumonia = 0.5, CrossValidationAccuracy = 0.6 };
        var content = new CompareContent("Comparison", [new("budget", "10 steps")], ["A note."], columns, rows, seeds,
            [new("enc-ssl", [[history, history with { Epoch = 2 }]])]);

        CompareReportWriter.Write(temp.Path, content);

        var md = File.ReadAllText(Path.Combine(temp.Path, "index.md"));
        Assert.Contains("| unet | – | – | – | **0.910 ± 0.014 [0.890, 0.930]** |", md, StringComparison.Ordinal);
        Assert.Contains("| enc | **0.750 ± 0.000** |", md, StringComparison.Ordinal);
        Assert.Contains("A note.", md, StringComparison.Ordinal);
        var summary = CsvTable.Read(Path.Combine(temp.Path, CompareReportWriter.SummaryCsv));
        Assert.Equal(1 + 6, summary.Rows.Count);
        Assert.All(summary.Rows, r => Assert.Equal("true", r[summary.Column("best")]));
        var seedTable = CsvTable.Read(Path.Combine(temp.Path, CompareReportWriter.SeedsCsv));
        Assert.Equal(CompareReportWriter.SeedColumns, File.ReadLines(Path.Combine(temp.Path, CompareReportWriter.SeedsCsv)).First().Split(','));
        Assert.Equal(4, seedTable.Rows.Count);
        Assert.Equal("", seedTable.Rows[0][seedTable.Column("accuracy")]);
        Assert.Equal("0.9", seedTable.Rows[0][seedTable.Column("dice")]);
        foreach (var chart in new[] { "box-in-dice.svg", "box-in-acc.svg", "box-cross-acc.svg", "pseudo-accuracy.svg", "pseudo-pneumonia.svg", "val-cross-accuracy.svg", "mask-rate.svg" })
        {
            XDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, ReportWriter.ChartFolder, chart)));
        }
        Assert.False(File.Exists(Path.Combine(temp.Path, ReportWriter.ChartFolder, "box-cross-dice.svg")), "no variant has cross-domain Dice");
        Assert.False(File.Exists(Path.Combine(temp.Path, ReportWriter.ChartFolder, "kl.svg")), "no run logged a KL term");
        var html = File.ReadAllText(Path.Combine(temp.Path, "index.html"));
        Assert.Contains("<td class=\"number best\">0.910 ± 0.014 [0.890, 0.930]</td>", html, StringComparison.Ordinal);
    }
}
