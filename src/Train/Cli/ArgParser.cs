using System.Globalization;

namespace MultiMix.Train.Cli;

/// <summary>
/// Parses `--name value`, `--name=value` and `--flag` against a command's option list (a repeated option: the
/// last one wins); unknown options,
/// missing or malformed values and out-of-range numbers are reported as one line naming the option.
/// </summary>
public sealed class ArgParser
{
    private readonly string _command;
    private readonly Dictionary<string, OptionSpec> _specs;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public ArgParser(string command, IReadOnlyList<OptionSpec> specs, IReadOnlyList<string> args)
    {
        _command = command;
        _specs = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                HelpRequested = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CliException($"unexpected argument '{arg}' (options start with --; see 'multimix {command} --help').");
            }
            var body = arg[2..];
            string? inline = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = body[(eq + 1)..];
                body = body[..eq];
            }
            if (!_specs.TryGetValue(body, out var spec))
            {
                throw new CliException($"unknown option --{body} (see 'multimix {command} --help').");
            }
            if (spec.Value is null)
            {
                if (inline is not null) throw new CliException($"option --{body} is a flag and takes no value.");
                _values[body] = "true";
                continue;
            }
            if (inline is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CliException($"option --{body} needs a value ({spec.Value}).");
                }
                inline = args[++i];
            }
            _values[body] = inline;
        }
    }

    public bool HelpRequested { get; }

    public bool Has(string name) => _values.ContainsKey(Known(name));

    public bool Flag(string name) => _values.ContainsKey(Known(name));

    public string? String(string name) => _values.TryGetValue(Known(name), out var v) ? v : _specs[name].Default;

    public string Required(string name) => String(name) ?? throw new CliException($"option --{name} is required ({_specs[name].Help}).");

    public int Int(string name, int min, int max = int.MaxValue)
    {
        var text = String(name) ?? throw new CliException($"option --{name} is required.");
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new CliException($"option --{name} must be a whole number in [{min}, {(max == int.MaxValue ? "∞" : max.ToString(CultureInfo.InvariantCulture))}], got '{text}'.");
        }
        return v;
    }

    public int? OptionalInt(string name, int min) => String(name) is null ? null : Int(name, min);

    public float Float(string name, float min, float max)
    {
        var text = String(name) ?? throw new CliException($"option --{name} is required.");
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v) || v < min || v > max)
        {
            throw new CliException($"option --{name} must be a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got '{text}'.");
        }
        return v;
    }

    public ulong ULong(string name)
    {
        var text = String(name) ?? throw new CliException($"option --{name} is required.");
        if (!ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw new CliException($"option --{name} must be a non-negative whole number, got '{text}'.");
        }
        return v;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), returned in lower case.</summary>
    public string Choice(string name, params string[] choices)
    {
        var text = Required(name);
        var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new CliException($"option --{name} must be one of {string.Join(", ", choices)}, got '{text}'.");
    }

    private string Known(string name) => _specs.ContainsKey(name) ? name : throw new ArgumentException($"option {name} is not declared for {_command}");

    /// <summary>The command's help text: usage, summary and one line per option.</summary>
    public static string Help(string command, string summary, IReadOnlyList<OptionSpec> specs)
    {
        var lines = new List<string> { $"Usage: multimix {command} [options]", "", summary, "", "Options:" };
        var width = specs.Max(s => s.Name.Length + (s.Value?.Length + 1 ?? 0)) + 4;
        foreach (var s in specs)
        {
            var left = $"  --{s.Name}{(s.Value is null ? "" : " " + s.Value)}";
            lines.Add(left.PadRight(width + 2) + s.Help + (s.Default is null ? "" : $" (default: {s.Default})"));
        }
        lines.Add("  -h, --help".PadRight(width + 2) + "Show this help.");
        return string.Join(Environment.NewLine, lines);
    }
}
