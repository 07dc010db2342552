using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;

namespace MultiMix.Train.Evaluation;

/// <summary>Builds a network from a checkpoint: the architecture comes from its metadata, or from the caller for plain weight files (PyTorch exports).</summary>
public static class ModelLoader
{
    public static MultiMixNet Load(string path, IBackend backend, ModelConfig? fallback)
    {
        var (tensors, meta, config) = Checkpoint.Read(path);
        config ??= fallback ?? throw new CheckpointException($"{path}: has no architecture metadata (a PyTorch export?); name it with --variant, --width and --size.");
        var model = new MultiMixNet(backend, config, 0);
        try
        {
            Checkpoint.Load(path, tensors, model, null, meta);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
