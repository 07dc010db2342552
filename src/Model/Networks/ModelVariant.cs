namespace MultiMix.Model.Networks;

/// <summary>The paper's models, all built from the same encoder, decoder and bridge.</summary>
public enum ModelVariant
{
    /// <summary>Segmentation only, supervised (no classifier, no bridge).</summary>
    UNet,
    /// <summary>Classifier only, supervised.</summary>
    Enc,
    /// <summary>Classifier with confidence-based pseudo-labelling.</summary>
    EncSsl,
    /// <summary>Both tasks, supervised, no saliency bridge.</summary>
    Umtl,
    /// <summary>Both tasks with the saliency bridge.</summary>
    Umtls,
    /// <summary>Bridge plus pseudo-labelling, no consistency term.</summary>
    UmtlsSsl,
    /// <summary>Everything: bridge, pseudo-labelling and the segmentation consistency term.</summary>
    MultiMix,
}

/// <summary>What each variant switches on.</summary>
public static class ModelVariants
{
    public static bool Segments(this ModelVariant v) => v is not (ModelVariant.Enc or ModelVariant.EncSsl);

    public static bool Classifies(this ModelVariant v) => v is not ModelVariant.UNet;

    public static bool UsesBridge(this ModelVariant v) => v is ModelVariant.Umtls or ModelVariant.UmtlsSsl or ModelVariant.MultiMix;

    public static bool UsesPseudoLabels(this ModelVariant v) => v is ModelVariant.EncSsl or ModelVariant.UmtlsSsl or ModelVariant.MultiMix;

    public static bool UsesConsistency(this ModelVariant v) => v is ModelVariant.MultiMix;

    /// <summary>The variant's name in checkpoint metadata, reports and on the command line (e.g. "umtls-ssl").</summary>
    public static string Name(this ModelVariant v) => v switch
    {
        ModelVariant.UNet => "unet",
        ModelVariant.Enc => "enc",
        ModelVariant.EncSsl => "enc-ssl",
        ModelVariant.Umtl => "umtl",
        ModelVariant.Umtls => "umtls",
        ModelVariant.UmtlsSsl => "umtls-ssl",
        _ => "multimix",
    };

    /// <summary>The variant of a <see cref="Name"/> (case-insensitive).</summary>
    public static bool TryParse(string text, out ModelVariant variant)
    {
        foreach (var v in Enum.GetValues<ModelVariant>())
        {
            if (string.Equals(v.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                variant = v;
                return true;
            }
        }
        variant = default;
        return false;
    }
}
