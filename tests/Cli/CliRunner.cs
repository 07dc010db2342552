using MultiMix.Train;

namespace MultiMix.Tests.Cli;

/// <summary>Runs the `multimix` entry point in-process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Status)
    {
        public string[] StatusLines => Status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var status = new StringWriter();
        var code = Program.Run(args, output, status);
        return new Outcome(code, output.ToString(), status.ToString());
    }

    /// <summary>Options for a tiny, fast synthetic training run (32 px, width 4, a few images per split).</summary>
    public static string[] Tiny(string outFolder, params string[] extra) => TinyData(outFolder, ["--batch", "2", .. extra]);

    /// <summary>The model and data options of <see cref="Tiny"/>, which eval takes too.</summary>
    public static string[] TinyData(string outFolder, params string[] extra) =>
    [
        "--out", outFolder, "--size", "32", "--width", "4",
        "--seg-count", "16", "--seg-labels", "4", "--seg-val", "2", "--seg-test", "3",
        "--cls-count", "24", "--cls-labels", "4", "--cls-val", "4", "--cls-test", "4",
        .. extra,
    ];

    /// <summary>Writes synthetic domain A at 32 px in the folder layouts (<c>synth</c>): returns the segmentation and classification roots.</summary>
    public static (string Segmentation, string Classification) Synth(string folder, int segCount = 12, int clsCount = 24)
    {
        var outcome = Run("synth", "--out", folder, "--domain", "a", "--size", "32", "--seg-count", segCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cls-count", clsCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (outcome.ExitCode != 0) throw new InvalidOperationException(outcome.Status);
        return (Path.Combine(folder, "a", "segmentation"), Path.Combine(folder, "a", "classification"));
    }

    /// <summary>A tiny one-step run on folder data (a segmentation and/or a classification root).</summary>
    public static string[] TinyFolders(string outFolder, string? segmentation, string? classification, params string[] extra) =>
    [
        "--out", outFolder, "--size", "32", "--width", "4", "--batch", "2", "--epochs", "1", "--max-steps", "1",
        "--seg-labels", "4", "--seg-val", "2", "--seg-test", "3", "--cls-labels", "4", "--cls-val", "4", "--cls-test", "4",
        .. segmentation is null ? Array.Empty<string>() : ["--seg-source", "folder", "--seg-dir", segmentation],
        .. classification is null ? Array.Empty<string>() : ["--cls-source", "folder", "--cls-dir", classification],
        .. extra,
    ];
}
