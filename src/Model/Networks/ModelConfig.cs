using System.Text.Json;

namespace MultiMix.Model.Networks;

/// <summary>Architecture of a network: which variant, its base width and the input size it trains at.</summary>
public sealed record ModelConfig(ModelVariant Variant = ModelVariant.MultiMix, int Width = 16, int ImageSize = 256)
{
    /// <summary>The widest base width accepted (blocks go up to 16 × this).</summary>
    public const int MaxWidth = 512;

    /// <summary>The largest input size accepted.</summary>
    public const int MaxImageSize = 4096;

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["variant"] = Variant.Name(),
        ["width"] = Width,
        ["image_size"] = ImageSize,
    });

    public static ModelConfig FromJson(string json)
    {
        var doc = JsonDocument.Parse(json).RootElement;
        var name = doc.GetProperty("variant").GetString() ?? "";
        if (!ModelVariants.TryParse(name, out var variant)) throw new FormatException($"unknown model variant '{name}'");
        return new ModelConfig(variant, doc.GetProperty("width").GetInt32(), doc.GetProperty("image_size").GetInt32());
    }

    /// <summary>Checks the sizes the network can take; returns the problem in words, or null.</summary>
    public string? Problem()
    {
        if (Width < 1 || Width > MaxWidth) return $"width must be in [1, {MaxWidth}], got {Width}";
        if (ImageSize < 32 || ImageSize > MaxImageSize || ImageSize % 32 != 0) return $"image size must be a multiple of 32 (the encoder halves it five times) in [32, {MaxImageSize}], got {ImageSize}";
        return null;
    }
}
