namespace MultiMix.GpuCheck;

/// <summary>What one part of the GPU check writes: free lines to its log, and checks, which go to the log and into the report.</summary>
internal sealed class PartLog(string part, TextWriter text, CheckReport report)
{
    public string Part { get; } = part;

    public void Line(string line) => text.WriteLine(line);

    /// <summary>Records a check; returns whether it passed.</summary>
    public bool Check(string check, string expected, string got, bool pass)
    {
        report.Add(new CheckRow(Part, check, expected, got, pass));
        text.WriteLine($"{(pass ? "ok  " : "FAIL")} {check}: expected {expected}, got {got}");
        return pass;
    }

    /// <summary>A relative error against a tolerance.</summary>
    public bool Within(string check, double error, double tolerance) =>
        Check(check, $"relative error ≤ {tolerance:E0}", $"{error:E2}", error <= tolerance);

    /// <summary>A timing: a row that always passes, so the table holds every figure.</summary>
    public void Timing(string what, string figure) => Check(what, "timing only", figure, true);
}
