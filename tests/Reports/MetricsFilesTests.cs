using System.Globalization;
using System.Text.Json;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class MetricsFilesTests
{
    [Fact]
    public void MetricsCsvParsesBackToTheScores()
    {
        using var temp = new TempFolder();
        var path = temp.File("metrics.csv");
        var rows = ReportData.Rows();

        MetricsFiles.WriteMetricsCsv(path, rows);

        var table = CsvTable.Read(path);
        Assert.Equal(rows.Count, table.Rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var fields = table.Rows[r];
            Assert.Equal(rows[r].Model, fields[table.Column("model")]);
            Assert.Equal(rows[r].Dataset, fields[table.Column("dataset")]);
            var expected = MetricsFiles.ScoreValues(rows[r]);
            for (var i = 0; i < expected.Length; i++)
            {
                var field = fields[table.Column(MetricsFiles.MetricsColumns[i + 2])];
                Assert.Equal(expected[i], field.Length == 0 ? null : double.Parse(field, CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(string.Empty, table.Rows[0][table.Column("dice")]);
        Assert.Equal("0.9123456789", table.Rows[1][table.Column("dice")]);
        Assert.Equal(string.Empty, table.Rows[1][table.Column("accuracy")]);
        Assert.Equal("0.6", table.Rows[0][table.Column("accuracy")]);
    }

    [Fact]
    public void MetricsJsonParsesBackWithNullsAndConfusion()
    {
        using var temp = new TempFolder();
        var path = temp.File("metrics.json");
        var rows = ReportData.Rows();

        MetricsFiles.WriteMetricsJson(path, rows);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal("JSRT \"test\"", items[1].GetProperty("dataset").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("dice").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("f1_pneumonia").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("confusion").ValueKind);
        Assert.Equal(0.9123456789, items[2].GetProperty("dice").GetDouble());
        Assert.Equal(2.5, items[2].GetProperty("avg_hausdorff").GetDouble());
        Assert.Equal(ReportData.Classification.F1Normal, items[0].GetProperty("f1_normal").GetDouble());
        var confusion = items[0].GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal([1L, 1L], confusion[0]);
        Assert.Equal([1L, 2L], confusion[1]);
    }

    [Fact]
    public void PerImageCsvHasOneLinePerImage()
    {
        using var temp = new TempFolder();
        var path = temp.File("per_image.csv");
        PerImageScores[] rows =
        [
            new("m", "JSRT", "JPCLN001.png", ReportData.Segmentation),
            new("m", "JSRT", "7", ReportData.Segmentation with { Dice = 0.25 }),
        ];

        MetricsFiles.WritePerImageCsv(path, rows);

        var table = CsvTable.Read(path);
        Assert.Equal(MetricsFiles.PerImageColumns, File.ReadLines(path).First().Split(','));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("7", table.Rows[1][table.Column("image")]);
        Assert.Equal(0.25, double.Parse(table.Rows[1][table.Column("dice")], CultureInfo.InvariantCulture));
        Assert.Equal(0.7, double.Parse(table.Rows[0][table.Column("ssim")], CultureInfo.InvariantCulture));
        Assert.Equal(2.5, double.Parse(table.Rows[0][table.Column("avg_hausdorff")], CultureInfo.InvariantCulture));
        var groups = PerImageScores.DiceByGroup(rows);
        Assert.Equal("m / JSRT", Assert.Single(groups).Key);
        Assert.Equal([0.9123456789, 0.25], groups[0].Value);
    }

    [Fact]
    public void ClassificationCsvRoundTrips()
    {
        using var temp = new TempFolder();
        var path = temp.File("classification.csv");
        ClassificationPrediction[] rows = [new("m", "in-domain", "/data/a,1.jpeg", 1, 1, 0.875f), new("m", "cross-domain", "/data/b.jpeg", 1, 0, 0.125f)];

        MetricsFiles.WriteClassificationCsv(path, rows);

        var table = CsvTable.Read(path);
        Assert.Equal("/data/a,1.jpeg", table.Rows[0][table.Column("image")]);
        Assert.Equal("cross-domain", table.Rows[1][table.Column("dataset")]);
        Assert.Equal("m", table.Rows[1][table.Column("model")]);
        Assert.Equal("1", table.Rows[1][table.Column("label")]);
        Assert.Equal("0", table.Rows[1][table.Column("predicted")]);
        Assert.Equal(0.125f, float.Parse(table.Rows[1][table.Column("p_pneumonia")], CultureInfo.InvariantCulture));
    }
}
