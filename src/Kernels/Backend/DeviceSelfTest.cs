using MultiMix.Kernels.Launch;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// What a GPU must do before MultiMix trusts it: launch a custom kernel (an elementwise product, exact, into a block
/// filled with NaN first, so a kernel that writes nothing cannot pass on memory left from earlier work), run a small
/// cuBLAS GEMM and a small cuDNN convolution, each compared with the CPU backend. Runs against any
/// <see cref="ICudaDevice"/>, so the same checks run on an emulated device in the tests.
/// </summary>
internal static unsafe class DeviceSelfTest
{
    /// <summary>Largest difference allowed, relative to the largest expected magnitude, for GEMM and convolution.</summary>
    public const double Tolerance = 1e-5;

    public sealed record Outcome(CudaProbeStep? FailedStep, string Reason, IReadOnlyList<string> Details);

    public static Outcome Run(ICudaDevice device)
    {
        var details = new List<string>();
        (CudaProbeStep Step, Func<ICudaDevice, (bool Ok, string Detail)> Check)[] steps =
        [
            (CudaProbeStep.KernelLaunch, Kernel),
            (CudaProbeStep.Gemm, Gemm),
            (CudaProbeStep.Convolution, Convolution),
        ];
        foreach (var (step, check) in steps)
        {
            bool ok;
            string detail;
            try
            {
                (ok, detail) = check(device);
            }
            catch (Exception e)
            {
                (ok, detail) = (false, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
            details.Add($"{CudaProbeResult.Describe(step)}: {(ok ? "" : "failed, ")}{detail}");
            if (!ok) return new Outcome(step, $"{CudaProbeResult.Describe(step)} failed: {detail}", details);
        }
        return new Outcome(null, "", details);
    }

    private static (bool, string) Kernel(ICudaDevice device)
    {
        const int N = 1000;
        var a = Values(N, 1);
        var b = Values(N, 2);
        var expected = a.Zip(b, (u, v) => u * v).ToArray();
        using var memory = new Blocks(device);
        var y = memory.Upload(Enumerable.Repeat(float.NaN, N).ToArray());
        new CustomKernels(device.Launcher).Binary(BinaryOp.Mul, memory.Upload(a), memory.Upload(b), y, N);
        var actual = memory.Download(y, N);
        for (var i = 0; i < N; i++)
        {
            if (BitConverter.SingleToUInt32Bits(actual[i]) != BitConverter.SingleToUInt32Bits(expected[i]))
            {
                return (false, $"binary_forward (multiply) element {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
        return (true, $"binary_forward matches the CPU bit for bit on {N} elements");
    }

    private static (bool, string) Gemm(ICudaDevice device)
    {
        const int M = 33, N = 17, K = 65;
        var a = Values(M * K, 3);
        var b = Values(K * N, 4);
        var expected = OnCpu(M * N, (cpu, s) => cpu.Gemm(false, false, M, N, K, 1f, s(a), s(b), 0f, s(null)));
        using var memory = new Blocks(device);
        var c = memory.Allocate(M * N);
        device.Gemm(false, false, M, N, K, 1f, memory.Upload(a), memory.Upload(b), 0f, c);
        return Compare($"{M}×{N}×{K} GEMM", expected, memory.Download(c, M * N));
    }

    private static (bool, string) Convolution(ICudaDevice device)
    {
        var g = new ConvGeometry(2, 3, 4, 9, 11, 3);
        var x = Values((int)g.InputLength, 5);
        var w = Values((int)g.WeightLength, 6);
        var expected = OnCpu((int)g.OutputLength, (cpu, s) => cpu.Conv2d(s(x), s(w), null, s(null), g));
        using var memory = new Blocks(device);
        var y = memory.Allocate(g.OutputLength);
        device.ConvForward(g, memory.Upload(x), memory.Upload(w), y);
        return Compare($"{g.Batch}×{g.InChannels}→{g.OutChannels}×{g.Height}×{g.Width} 3×3 convolution", expected, memory.Download(y, (int)g.OutputLength));
    }

    private static (bool, string) Compare(string what, float[] expected, float[] actual)
    {
        double worst = 0, scale = 1e-30;
        var at = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs((double)actual[i] - expected[i]);
            if (double.IsNaN(d))
            {
                (worst, at) = (double.PositiveInfinity, i);
                break;
            }
            if (d > worst) (worst, at) = (d, i);
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        var relative = worst / scale;
        var text = $"{what}: largest difference from the CPU {relative:E1} of the largest value (element {at}: expected {expected[at]:G6}, got {actual[at]:G6})";
        return (relative <= Tolerance, text);
    }

    /// <summary>Runs <paramref name="op"/> on a fresh CPU backend: the callback turns host arrays into storages (null: the output).</summary>
    private static float[] OnCpu(int outputLength, Action<CpuBackend, Func<float[]?, Storage>> op)
    {
        using var cpu = new CpuBackend();
        var storages = new List<Storage>();
        Storage? output = null;
        try
        {
            op(cpu, values =>
            {
                var s = cpu.Allocate(values?.Length ?? outputLength, DType.Float32);
                storages.Add(s);
                if (values is null) output = s;
                else cpu.Upload(values, s);
                return s;
            });
            var result = new float[outputLength];
            cpu.Download(output!, result);
            return result;
        }
        finally
        {
            foreach (var s in storages) s.Dispose();
        }
    }

    /// <summary>Deterministic values in [-1, 1).</summary>
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }

    /// <summary>Device blocks for one check, freed (after the queued work) on dispose.</summary>
    private sealed class Blocks(ICudaDevice device) : IDisposable
    {
        private readonly List<(DevicePtr Block, long Bytes)> _blocks = [];

        public DevicePtr Allocate(long floats)
        {
            var bytes = floats * sizeof(float);
            var block = device.Allocate(bytes);
            _blocks.Add((block, bytes));
            return block;
        }

        public DevicePtr Upload(float[] values)
        {
            var block = Allocate(values.Length);
            fixed (float* p = values) device.CopyToDevice(p, block, (long)values.Length * sizeof(float));
            return block;
        }

        public float[] Download(DevicePtr block, int floats)
        {
            var values = new float[floats];
            fixed (float* p = values) device.CopyToHost(block, p, (long)floats * sizeof(float));
            return values;
        }

        public void Dispose()
        {
            device.Synchronize();
            foreach (var (block, bytes) in _blocks) device.Free(block, bytes);
        }
    }
}
