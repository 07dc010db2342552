using MultiMix.Model.Losses;
using MultiMix.Model.Training;
using MultiMix.Tensors.Random;

namespace MultiMix.Benchmarks;

/// <summary>A fixed five-stream batch of random images in [-1, 1] with 0/1 masks and alternating labels (the step's cost does not depend on the values).</summary>
public static class SyntheticBatch
{
    public static StepInputs Create(int size, int perStream)
    {
        var layout = new StreamLayout(perStream, perStream, perStream, perStream);
        var images = new float[layout.Total * size * size];
        Philox.FillUniform(images, 5, 0);
        var masks = new float[perStream * size * size];
        for (var i = 0; i < masks.Length; i++) masks[i] = images[i] > 0.5f ? 1f : 0f;
        for (var i = 0; i < images.Length; i++) images[i] = (2 * images[i]) - 1;
        return new StepInputs(layout, size, images, masks, [.. Enumerable.Range(0, perStream).Select(i => i % 2)]);
    }
}
