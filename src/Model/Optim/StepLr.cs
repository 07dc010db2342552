namespace MultiMix.Model.Optim;

/// <summary>PyTorch's StepLR: the learning rate is multiplied by γ every <c>StepSize</c> epochs.</summary>
public sealed record StepLr(float BaseRate, int StepSize, float Gamma)
{
    /// <summary>The rate for a 0-based epoch.</summary>
    public float RateAt(int epoch) => BaseRate * MathF.Pow(Gamma, epoch / StepSize);
}
