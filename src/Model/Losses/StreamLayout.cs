namespace MultiMix.Model.Losses;

/// <summary>
/// How one training step's concatenated batch is laid out: labeled segmentation, unlabeled segmentation,
/// labeled classification, the unlabeled classification images' weak view and then their strong view.
/// </summary>
public sealed record StreamLayout(int SegLabeled, int SegUnlabeled, int ClsLabeled, int ClsUnlabeled)
{
    public int SegUnlabeledStart => SegLabeled;

    public int ClsLabeledStart => SegLabeled + SegUnlabeled;

    public int WeakStart => ClsLabeledStart + ClsLabeled;

    public int StrongStart => WeakStart + ClsUnlabeled;

    public int Total => StrongStart + ClsUnlabeled;
}
