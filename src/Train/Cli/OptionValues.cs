using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MultiMix.Train.Cli;

/// <summary>
/// Options whose values are checked as they are parsed, each problem one line naming the option. Given twice, an
/// option's last value wins. A default is shown in the help as "(default: …)" and read from the object that
/// holds it, never restated here.
/// </summary>
internal static class OptionValues
{
    public static Option<int?> Int(string name, string value, string description, int min, int max = int.MaxValue) =>
        Make<int?>(name, value, description, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null,
            $"a whole number in [{min.ToString(CultureInfo.InvariantCulture)}, {(max == int.MaxValue ? "∞" : max.ToString(CultureInfo.InvariantCulture))}]");

    public static Option<ulong?> ULong(string name, string value, string description) =>
        Make<ulong?>(name, value, description, text => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "a non-negative whole number");

    public static Option<float?> Float(string name, string value, string description, float min, float max) =>
        Make<float?>(name, value, description, text => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) && v >= min && v <= max ? v : null,
            $"a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");

    public static Option<string?> Text(string name, string value, string description) => Make<string?>(name, value, description, text => text, "text");

    /// <summary>One of <paramref name="choices"/> (case-insensitive), returned as written there; the shell completion offers them.</summary>
    public static Option<string?> Choice(string name, string value, string description, params string[] choices)
    {
        var option = Make<string?>(name, value, description, text => choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase)), $"one of {string.Join(", ", choices)}");
        option.CompletionSources.Add(choices);
        return option;
    }

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>Adds "(default: …)" to the option's help; <paramref name="value"/> is the default as its options record holds it.</summary>
    public static TOption Default<TOption>(this TOption option, object value)
        where TOption : Option
    {
        option.Description += $" (default: {Format(value)})";
        return option;
    }

    public static string Format(object value) => value switch
    {
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static Option<T> Make<T>(string name, string value, string description, Func<string, T> parse, string expected) => new(name)
    {
        HelpName = value,
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => Parse(result, name, parse, expected),
    };

    private static T Parse<T>(ArgumentResult result, string name, Func<string, T> parse, string expected)
    {
        var text = result.Tokens[^1].Value;
        var value = parse(text);
        if (value is null) result.AddError($"option {name} must be {expected}, got '{text}'.");
        return value;
    }
}
