namespace MultiMix.Train.Reports;

/// <summary>A chart of a report: the SVG file name under charts/, its title, and the SVG text.</summary>
public sealed record ReportChart(string FileName, string Title, string Svg);
