using System.CommandLine;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix synth`: writes the built-in synthetic data to disk in the generic folder layouts.</summary>
internal sealed class SynthCommand : CliCommand
{
    private const string All = "all";
    private static readonly DataSpec s_data = new();

    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default(SynthRun.DefaultOutput);
    private readonly Option<string?> _domain = OptionValues.Choice("--domain", "NAME", "Domain to write: a, b or all", [.. SyntheticDomain.All.Select(d => d.Name), All]).Default(All);
    private readonly Option<int?> _segCount = OptionValues.Int("--seg-count", "N", "Segmentation images per domain", 1).Default(s_data.SegCount);
    private readonly Option<int?> _clsCount = OptionValues.Int("--cls-count", "N", "Classification images per domain", 1).Default(s_data.ClsCount);
    private readonly Option<int?> _size = OptionValues.Int("--size", "PX", "Image size", 8, 4096).Default(RunDefaults.Paper.Model.ImageSize);
    private readonly Option<ulong?> _seed = OptionValues.ULong("--data-seed", "N", "Seed (the same seed gives the same images as training with --data-seed)").Default(s_data.DataSeed);

    public SynthCommand()
        : base("synth",
            "Writes the built-in synthetic chest X-rays to disk: <out>/<domain>/segmentation/{images,masks}/ and <out>/<domain>/classification/{NORMAL,PNEUMONIA}/, " +
            "the layouts that --seg-source folder and --cls-source folder read.") => Add([_out, _domain, _segCount, _clsCount, _size, _seed]);

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        var name = r.GetValue(_domain) ?? All;
        var domains = name == All ? SyntheticDomain.All : [SyntheticDomain.Parse(name)];
        SynthRun.Run(r.GetValue(_out) ?? SynthRun.DefaultOutput, domains, r.GetValue(_segCount) ?? s_data.SegCount, r.GetValue(_clsCount) ?? s_data.ClsCount,
            r.GetValue(_size) ?? RunDefaults.Paper.Model.ImageSize, r.GetValue(_seed) ?? s_data.DataSeed, console, cancel);
        return 0;
    }
}
