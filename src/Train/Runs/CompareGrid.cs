using System.Globalization;
using System.Text.Json;
using MultiMix.Model.Networks;
using MultiMix.Train.Data;

namespace MultiMix.Train.Runs;

/// <summary>
/// The state of a compare grid in its folder: compare.json holds the configuration (every option that changes
/// a result) and each run's state, and is rewritten atomically after each run. A run trains in
/// runs/&lt;variant&gt;/seed-&lt;n&gt;.partial/ and, once its result.json is written, that folder is renamed to
/// runs/&lt;variant&gt;/seed-&lt;n&gt;/, so a run's folder exists under its final name only when the run is whole. A killed
/// compare started again with the same options skips the finished runs and resumes a partial one from its last
/// checkpoint; with other options it is refused rather than mixing two grids in one table.
/// </summary>
public sealed class CompareGrid
{
    public const string StateFile = "compare.json";
    public const string RunsFolder = "runs";
    private const string PartialSuffix = ".partial";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, string> _configuration;

    private CompareGrid(string folder, IReadOnlyDictionary<string, string> configuration, IReadOnlyList<Cell> runs)
    {
        _folder = folder;
        _configuration = configuration;
        Runs = runs;
    }

    /// <summary>One run of the grid: a variant under a seed.</summary>
    public sealed record Cell(ModelVariant Variant, ulong Seed)
    {
        public string Name => string.Create(CultureInfo.InvariantCulture, $"{Variant.Name()} seed {Seed}");

        public string RelativeFolder => Path.Combine(RunsFolder, Variant.Name(), string.Create(CultureInfo.InvariantCulture, $"seed-{Seed}"));
    }

    /// <summary>Seed-major: every variant under seed 1, then under seed 2, … so an unfinished grid has whole seeds first.</summary>
    public IReadOnlyList<Cell> Runs { get; }

    public string Folder => _folder;

    /// <summary>Opens the grid in <paramref name="folder"/>, creating its state file, or checking that the one there has this configuration.</summary>
    public static CompareGrid Open(string folder, IReadOnlyDictionary<string, string> configuration, IReadOnlyList<ModelVariant> variants, int seeds)
    {
        var runs = Enumerable.Range(1, seeds).SelectMany(s => variants.Select(v => new Cell(v, (ulong)s))).ToList();
        var grid = new CompareGrid(folder, configuration, runs);
        var path = Path.Combine(folder, StateFile);
        if (File.Exists(path))
        {
            var stored = ReadConfiguration(path);
            var differences = configuration.Keys.Union(stored.Keys)
                .Where(k => !stored.TryGetValue(k, out var a) || !configuration.TryGetValue(k, out var b) || a != b)
                .Order(StringComparer.Ordinal)
                .Select(k => $"{k} {(stored.TryGetValue(k, out var a) ? a : "(none)")} there, {(configuration.TryGetValue(k, out var b) ? b : "(none)")} now")
                .ToList();
            if (differences.Count > 0)
            {
                throw new CompareException($"{folder} holds a compare with other options ({string.Join("; ", differences)}); give the same options to continue it, or another --out.");
            }
        }

        grid.Save();
        return grid;
    }

    public string FinalFolder(Cell cell) => Path.Combine(_folder, cell.RelativeFolder);

    public string PartialFolder(Cell cell) => FinalFolder(cell) + PartialSuffix;

    public bool IsDone(Cell cell) => File.Exists(Path.Combine(FinalFolder(cell), CompareRunResult.FileName));

    /// <summary>Moves a finished run's folder (its result written) to its final name and records it in the state file.</summary>
    public void Finish(Cell cell)
    {
        var partial = PartialFolder(cell);
        if (!File.Exists(Path.Combine(partial, CompareRunResult.FileName)))
        {
            throw new InvalidOperationException($"{partial} has no {CompareRunResult.FileName}");
        }

        Directory.Move(partial, FinalFolder(cell));
        Save();
    }

    private void Save()
    {
        var state = new Dictionary<string, object>
        {
            ["configuration"] = _configuration,
            ["runs"] = Runs.Select(r => new Dictionary<string, object>
            {
                ["variant"] = r.Variant.Name(),
                ["seed"] = r.Seed,
                ["folder"] = r.RelativeFolder.Replace('\\', '/'),
                ["done"] = IsDone(r),
            }).ToList(),
        };
        AtomicFile.WriteText(Path.Combine(_folder, StateFile), JsonSerializer.Serialize(state, s_json) + "\n");
    }

    private static Dictionary<string, string> ReadConfiguration(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("configuration").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CompareException($"{path}: not a compare state file ({e.Message}); use another --out.");
        }
    }
}
