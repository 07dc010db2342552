using MultiMix.Distributed.Runtime;
using MultiMix.Kernels.Backend;

namespace MultiMix.Train.Cli;

/// <summary>
/// The GPU a data-parallel rank drives: with <c>--device cuda</c>, GPU <c>local_rank</c> (the rank's place among the
/// ranks on its machine), after checking that the machine shows at least as many GPUs as it runs ranks;
/// <c>--device cuda:N</c> names one GPU, so it serves only one rank per machine. Refusals are one line.
/// </summary>
public static class RankDevice
{
    /// <param name="text">The --device value as given ("cuda" or "cuda:N").</param>
    /// <param name="named">That value parsed.</param>
    /// <param name="world">This rank.</param>
    /// <param name="visibleGpus">How many GPUs this machine shows, or null when it has no usable driver.</param>
    /// <param name="why">Why there is no count, in one sentence.</param>
    /// <exception cref="CliException">When the ranks on this machine cannot each have a GPU.</exception>
    public static DeviceName Choose(string text, DeviceName named, WorldInfo world, int? visibleGpus, string why)
    {
        if (!named.IsCuda) return named;
        if (!string.Equals(text.Trim(), "cuda", StringComparison.OrdinalIgnoreCase))
        {
            return world.LocalSize == 1
                ? named
                : throw new CliException($"option --device {named}: the {world.LocalSize} ranks on this machine would all use GPU {named.CudaOrdinal}; with --distributed give --device cuda (each rank uses GPU local_rank of its machine).");
        }
        if (visibleGpus is not { } gpus)
        {
            throw new CliException($"option --device cuda: no usable GPU: {why.TrimEnd('.')}. Use --device cpu, or see 'multimix doctor'.");
        }
        if (world.LocalSize > gpus)
        {
            throw new CliException($"option --device cuda: {world.LocalSize} ranks on this machine ({Environment.MachineName}) but {gpus} GPU{(gpus == 1 ? "" : "s")} visible; start at most {gpus} rank{(gpus == 1 ? "" : "s")} per machine (mpirun -npernode {gpus}, or slots={gpus} in the hostfile).");
        }
        return new DeviceName(world.LocalRank);
    }
}
