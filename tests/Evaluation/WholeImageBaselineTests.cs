using System.Globalization;
using System.Text.RegularExpressions;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;
using MultiMix.Train.Runs;
using Xunit;

namespace MultiMix.Tests.Evaluation;

/// <summary>
/// The README's baseline for the default run: the mean Dice of marking the whole image as lung on the default
/// synthetic test sets (in-domain and cross-domain), measured here; the README must state these figures.
/// Run it with <c>dotnet test MultiMix.Native.sln -c Release --filter WholeImageBaseline</c>.
/// </summary>
public sealed partial class WholeImageBaselineTests
{
    [GeneratedRegex(@"whole image as lung gives a mean Dice of (\d\.\d\d) in-domain and (\d\.\d\d) cross-domain")]
    private static partial Regex Claim();

    private static double WholeImageDice(IImageSource<SegmentationSample> set, int size)
    {
        var ones = new GrayImage(size, size);
        Array.Fill(ones.Pixels, 1f);
        var sum = 0.0;
        for (var i = 0; i < set.Count; i++)
        {
            var mask = set.Load(i, size).Mask;
            var dice = SegmentationMetrics.Compute(ones, mask).Dice;
            var lung = MaskOps.CountForeground(mask);
            Assert.Equal(2.0 * lung / (lung + (size * size)), dice, 12);
            sum += dice;
        }
        return sum / set.Count;
    }

    [Fact]
    public void WholeImageBaseline_of_the_default_run_is_what_the_readme_says()
    {
        var data = new DataSpec().Open();
        var size = RunDefaults.Synthetic.Model.ImageSize;
        var inDomain = WholeImageDice(data.SegTest!, size);
        var crossDomain = WholeImageDice(data.SegCrossDomain!, size);

        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var claim = Claim().Match(readme.ReplaceLineEndings(" "));
        Assert.True(claim.Success, "README.md must state the whole-image Dice of the default test sets");
        Assert.Equal(inDomain.ToString("F2", CultureInfo.InvariantCulture), claim.Groups[1].Value);
        Assert.Equal(crossDomain.ToString("F2", CultureInfo.InvariantCulture), claim.Groups[2].Value);
    }
}
