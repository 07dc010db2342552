using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;

namespace MultiMix.Train.Runs;

/// <summary>
/// Writes the built-in synthetic chest X-rays to disk: &lt;out&gt;/&lt;domain&gt;/segmentation/{images,masks}/ and
/// &lt;out&gt;/&lt;domain&gt;/classification/{NORMAL,PNEUMONIA}/, the layouts the folder data sets read. Domain B is
/// drawn with seed + 1, as training draws it, so the same seed gives the images training would use.
/// </summary>
public static class SynthRun
{
    public const string DefaultOutput = "synthetic";

    public static void Run(string outFolder, IReadOnlyList<SyntheticDomain> domains, int segCount, int clsCount, int size, ulong seed, RunConsole console, CancellationToken cancel)
    {
        OutputFolder.Create(outFolder);
        foreach (var d in domains)
        {
            cancel.ThrowIfCancellationRequested();
            var folder = Path.Combine(outFolder, d.Name);
            var domainSeed = d == SyntheticDomain.A ? seed : seed + 1;
            SyntheticExport.WriteSegmentation(Path.Combine(folder, "segmentation"), segCount, size, d, domainSeed);
            SyntheticExport.WriteClassification(Path.Combine(folder, "classification"), clsCount, size, d, domainSeed);
            console.Results.WriteLine($"domain {d.Name}: {segCount} segmentation and {clsCount} classification images ({size}px) in {folder}");
        }
    }
}
