namespace MultiMix.Tensors.Random;

/// <summary>
/// Where the images of this process's batch sit in a global batch that several processes share (data-parallel
/// training: each rank holds a part of every stream). A <see cref="RandomStream"/> with a placement draws each
/// image's random numbers where the global batch would, so N processes together draw exactly what one process
/// drawing the whole global batch draws (<see cref="RandomStream.ReserveBatch"/>).
/// </summary>
public sealed record BatchPlacement
{
    /// <param name="globalImages">Images in the global batch.</param>
    /// <param name="runs">This batch's images in order, as runs: each run's local start follows the previous run.</param>
    public BatchPlacement(int globalImages, IReadOnlyList<ImageRun> runs)
    {
        var local = 0;
        foreach (var run in runs)
        {
            if (run.Local != local || run.Count < 0 || run.Global < 0 || run.Global > globalImages - run.Count)
            {
                throw new ArgumentException($"image run {run} does not continue at local image {local} inside a global batch of {globalImages}", nameof(runs));
            }
            local += run.Count;
        }
        GlobalImages = globalImages;
        LocalImages = local;
        Runs = [.. runs];
    }

    public int GlobalImages { get; }

    public int LocalImages { get; }

    public IReadOnlyList<ImageRun> Runs { get; }
}
