using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// Every gradient-check case must pass for any input seed, not just the one its name gives: a case that passes only
/// by luck (a LeakyReLU kink or a max tie within a finite step of an input) fails here on the CPU backend.
/// </summary>
public sealed class GradCheckSeedTests
{
    private const int Seeds = 64;

    [Fact]
    public void Every_case_passes_for_many_seeds()
    {
        var backend = Backends.Get("cpu");
        var failures = new List<string>();
        foreach (var op in GradCheckTests.Cases().Select(row => (string)row[1]).Distinct())
        {
            for (var seed = 0; seed < Seeds; seed++)
            {
                var (f, inputs) = GradCheckTests.Case(backend, op, seed);
                var result = GradCheck.Run(backend, f, inputs);
                if (!result.Passed) failures.Add($"{op} seed {seed}: {result}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join('\n', failures.Take(20))}");
    }
}
