using System.CommandLine;
using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>The options naming the architecture: --variant (unless the command picks the variants itself), --width, --size.</summary>
internal sealed class ModelOptionSet
{
    private readonly bool _withVariant;
    private readonly Option<string?> _variant = OptionValues.Choice("--variant", "NAME", "Model", [.. Enum.GetValues<ModelVariant>().Reverse().Select(v => v.Name())])
        .Default(RunDefaults.Paper.Model.Variant.Name());

    private readonly Option<int?> _width = OptionValues.Int("--width", "N", "Base channel width w (blocks use w, 2w, 4w, 8w, 16w)", 1, ModelConfig.MaxWidth).Default(RunDefaults.Paper.Model.Width);

    private readonly Option<int?> _size = OptionValues.Int("--size", "PX", "Input size, a multiple of 32", 32, ModelConfig.MaxImageSize)
        .Default($"{RunDefaults.Paper.Model.ImageSize}; {RunDefaults.Synthetic.Model.ImageSize} with the built-in synthetic data");

    public ModelOptionSet(bool withVariant = true)
    {
        _withVariant = withVariant;
        _size.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } size && size % 32 != 0)
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"option --size must be a multiple of 32 (the encoder halves it five times), got {size}."));
            }
        });
    }

    public IEnumerable<Option> Options => _withVariant ? [_variant, _width, _size] : [_width, _size];

    /// <summary>The architecture named, each option not given taken from <paramref name="defaults"/>.</summary>
    public ModelConfig Read(ParseResult r, ModelConfig defaults)
    {
        var request = Request(r);
        return new ModelConfig(request.Variant ?? defaults.Variant, request.Width ?? defaults.Width, request.ImageSize ?? defaults.ImageSize);
    }

    /// <summary>Only the options given on the command line.</summary>
    public ArchitectureRequest Request(ParseResult r)
    {
        ModelVariant? variant = r.GetValue(_variant) is { } name && ModelVariants.TryParse(name, out var v) ? v : null;
        return new ArchitectureRequest(variant, r.GetValue(_width), r.GetValue(_size));
    }

    /// <summary>The options that name <paramref name="config"/>, for a run's saved configuration.</summary>
    public IEnumerable<KeyValuePair<string, string>> Arguments(ModelConfig config) =>
    [
        new(_variant.Name, config.Variant.Name()),
        new(_width.Name, OptionValues.Format(config.Width)),
        new(_size.Name, OptionValues.Format(config.ImageSize)),
    ];
}
