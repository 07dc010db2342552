using System.CommandLine;
using System.Globalization;
using MultiMix.Kernels.Backend;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Train.Cli;

/// <summary>
/// --device cpu | cuda | cuda:N, and opening the backend it names. A GPU that cannot be used is refused in one
/// line with the reason `multimix doctor` gives.
/// </summary>
internal sealed class DeviceOption
{
    private const string Cpu = "cpu";
    private const string Cuda = "cuda";

    private readonly Option<string?> _device = OptionValues.Choice("--device", "NAME", "cpu, cuda or cuda:N (the N-th GPU)", Cpu, Cuda).Default(Cpu);

    public DeviceOption()
    {
        _device.CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (!TryParse(text, out _)) result.AddError($"option --device must be cpu, cuda or cuda:N, got '{text}'.");
            return text.ToLowerInvariant();
        };
    }

    public Option Option => _device;

    /// <summary>Reads a device name: <paramref name="gpu"/> is null for "cpu", 0 for "cuda", N for "cuda:N".</summary>
    public static bool TryParse(string text, out int? gpu)
    {
        gpu = null;
        if (string.Equals(text, Cpu, StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, Cuda, StringComparison.OrdinalIgnoreCase))
        {
            gpu = 0;
            return true;
        }
        if (text.StartsWith(Cuda + ":", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(Cuda.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
        {
            gpu = ordinal;
            return true;
        }
        return false;
    }

    public IBackend Open(ParseResult r)
    {
        var text = r.GetValue(_device) ?? Cpu;
        if (!TryParse(text, out var gpu) || gpu is not { } ordinal) return CpuBackend.Shared;
        if (ordinal != 0) throw new CliException($"option --device {text}: this build opens the first GPU only (cuda or cuda:0).");
        return CudaBackend.TryCreate(out var cuda, out var why)
            ? cuda
            : throw new CliException($"option --device {text}: no usable GPU: {why} Use --device cpu, or see 'multimix doctor'.");
    }
}
