namespace MultiMix.Tensors.Backend;

/// <summary>
/// The per-step factors of <see cref="IBackend.AdamStep"/>: stepSize = lr/(1 − β1^t) and sqrt(1 − β2^t), computed
/// once per step in double, as PyTorch does, and rounded to float. Every backend takes them from here, so their
/// Adam steps differ at most by the rounding of the elementwise update.
/// </summary>
public readonly record struct AdamBiasCorrection(float StepSize, float Correction2Sqrt)
{
    public static AdamBiasCorrection For(float lr, float beta1, float beta2, int step) =>
        new((float)(lr / (1 - Math.Pow(beta1, step))), (float)Math.Sqrt(1 - Math.Pow(beta2, step)));
}
