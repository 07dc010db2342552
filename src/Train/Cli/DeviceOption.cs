using System.CommandLine;
using MultiMix.Distributed.Runtime;
using MultiMix.Kernels.Backend;

namespace MultiMix.Train.Cli;

/// <summary>
/// --device cpu | cuda | cuda:N and --tf32, and opening the backend they name. A GPU that cannot be used is refused
/// in one line with the reason `multimix doctor` gives. With --distributed, cuda means each rank's own GPU (local_rank).
/// </summary>
internal sealed class DeviceOption
{
    private const string Cpu = "cpu";
    private const string Cuda = "cuda";

    private readonly Option<string?> _device = OptionValues.Choice("--device", "NAME", "cpu, cuda or cuda:N (the N-th GPU)", Cpu, Cuda).Default(Cpu);

    private readonly Option<bool> _tf32 = OptionValues.Flag("--tf32",
        "On the GPU, let cuBLAS and cuDNN use TF32 tensor cores for FP32 (faster; results differ from FP32 at the 1e-3 level)");

    public DeviceOption()
    {
        _device.CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (!DeviceName.TryParse(text, out _, out var error)) result.AddError($"option --device {error}.");
            return text.ToLowerInvariant();
        };
    }

    public IEnumerable<Option> Options => [_device, _tf32];

    /// <summary>
    /// Opens the backend the option names; for a data-parallel rank (<paramref name="rank"/>), <c>cuda</c> is GPU
    /// local_rank (<see cref="RankDevice"/>). The caller disposes the holder, which disposes a GPU backend and never
    /// the shared CPU one.
    /// </summary>
    public OpenedBackend Open(ParseResult r, WorldInfo? rank = null)
    {
        var text = r.GetValue(_device) ?? Cpu;
        if (!DeviceName.TryParse(text, out var device, out var error)) throw new CliException($"option --device {error}.");
        var tf32 = r.GetValue(_tf32);
        if (tf32 && device.CudaOrdinal is null) throw new CliException($"option --tf32: TF32 is a GPU math mode; --device {device} computes in FP32 (leave --tf32 out, or use --device cuda).");
        if (rank is { } world && device.IsCuda)
        {
            var gpus = CudaBackend.VisibleGpus(out var noCount);
            device = RankDevice.Choose(text, device, world, gpus, noCount);
        }
        return OpenedBackend.TryOpen(device, tf32, out var opened, out var why)
            ? opened
            : throw new CliException($"option --device {device}: no usable GPU: {why.TrimEnd('.')}. Use --device cpu, or see 'multimix doctor'.");
    }
}
