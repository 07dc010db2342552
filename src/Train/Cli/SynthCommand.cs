using MultiMix.Train.Data.Synthetic;

namespace MultiMix.Train.Cli;

/// <summary>`multimix synth`: writes the built-in synthetic data to disk in the generic folder layouts.</summary>
public sealed class SynthCommand : ICommand
{
    public string Name => "synth";

    public string Summary =>
        "Writes the built-in synthetic chest X-rays to disk: <out>/<domain>/segmentation/{images,masks}/ and <out>/<domain>/classification/{NORMAL,PNEUMONIA}/, " +
        "the layouts that --seg-source folder and --cls-source folder read.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "DIR", "Output folder", "synthetic"),
        new("domain", "NAME", "Domain to write: a, b or all", "all"),
        new("seg-count", "N", "Segmentation images per domain", "80"),
        new("cls-count", "N", "Classification images per domain", "400"),
        new("size", "PX", "Image size", "256"),
        new("data-seed", "N", "Seed (the same seed gives the same images as training with --data-seed)", "7"),
    ];

    public int Run(ArgParser a, TextWriter output, TextWriter status, CancellationToken cancel)
    {
        var root = a.Required("out");
        var name = a.Choice("domain", "a", "b", "all");
        var domains = name == "all" ? SyntheticDomain.All : [SyntheticDomain.Parse(name)];
        var size = a.Int("size", 8, 4096);
        var segCount = a.Int("seg-count", 0);
        var clsCount = a.Int("cls-count", 0);
        var seed = a.ULong("data-seed");
        foreach (var d in domains)
        {
            cancel.ThrowIfCancellationRequested();
            var folder = Path.Combine(root, d.Name);
            var domainSeed = d == SyntheticDomain.A ? seed : seed + 1;
            SyntheticExport.WriteSegmentation(Path.Combine(folder, "segmentation"), segCount, size, d, domainSeed);
            SyntheticExport.WriteClassification(Path.Combine(folder, "classification"), clsCount, size, d, domainSeed);
            output.WriteLine($"domain {d.Name}: {segCount} segmentation and {clsCount} classification images ({size}px) in {folder}");
        }
        return 0;
    }
}
