using MultiMix.Train;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Architecture;

/// <summary>
/// The app layer (the multimix assembly) is layered: data flows one way, each namespace using only namespaces of
/// lower layers. The layers are those of docs/architecture.md; a new namespace must be placed in one.
/// </summary>
public sealed class LayeringTests(ITestOutputHelper output)
{
    private const string App = "MultiMix.Train";

    /// <summary>Lowest first; a namespace may use namespaces of lower rows only (not those of its own row).</summary>
    private static readonly string[][] s_layers =
    [
        ["Data"],
        ["Data.Synthetic", "Augment", "Metrics"],
        ["Evaluation"],
        ["Training"],
        ["Reports"],
        ["Runs"],
        ["Cli"],
        [""],
    ];

    private static readonly SortedDictionary<string, SortedSet<string>> s_graph = NamespaceGraph.Of(typeof(Program).Assembly, App);

    private static int Layer(string ns)
    {
        var local = ns == App ? "" : ns[(App.Length + 1)..];
        return Array.FindIndex(s_layers, row => row.Contains(local));
    }

    [Fact]
    public void Every_namespace_of_the_app_has_a_layer()
    {
        output.WriteLine(NamespaceGraph.Describe(s_graph, App));
        var unplaced = s_graph.Keys.Where(ns => Layer(ns) < 0).ToList();
        Assert.True(unplaced.Count == 0, "namespaces without a layer: " + string.Join(", ", unplaced));
    }

    [Fact]
    public void Namespaces_use_only_lower_layers()
    {
        var upward = s_graph.SelectMany(e => e.Value.Where(to => Layer(to) >= Layer(e.Key)).Select(to => $"{e.Key} uses {to}")).ToList();
        Assert.True(upward.Count == 0, "uses of a namespace of the same or a higher layer:" + Environment.NewLine + string.Join(Environment.NewLine, upward));
    }

    [Fact]
    public void The_namespace_graph_has_no_cycle()
    {
        var cycle = NamespaceGraph.FindCycle(s_graph);
        Assert.True(cycle is null, $"namespace cycle: {cycle}");
    }

    /// <summary>The check itself: a cycle and an upward use planted in a made-up graph are found.</summary>
    [Fact]
    public void A_planted_cycle_is_found()
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };
        Assert.Equal("A → B → C → A", NamespaceGraph.FindCycle(graph));
        graph["C"].Clear();
        Assert.Null(NamespaceGraph.FindCycle(graph));
    }
}
