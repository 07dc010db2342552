using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;

namespace MultiMix.Train.Runs;

/// <summary>Builds a network from a checkpoint: the architecture comes from its metadata, or from the caller for plain weight files (PyTorch exports).</summary>
public static class ModelLoader
{
    public static MultiMixNet Load(string path, IBackend backend, ModelConfig? fallback)
    {
        var checkpoint = Checkpoint.Read(path);
        var config = checkpoint.Config ?? fallback ?? throw new CheckpointException($"{path}: has no architecture metadata (a PyTorch export?); name it with --variant, --width and --size.");
        var model = new MultiMixNet(backend, config, 0);
        try
        {
            checkpoint.LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
