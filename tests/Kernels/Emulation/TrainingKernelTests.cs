using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>dropout_forward (the Philox stream, bit for bit) and the fused adam_step.</summary>
public sealed class TrainingKernelTests : KernelParity
{
    [EmulatorTheory]
    [InlineData(1, 0.25f, 0UL, 0UL)]
    [InlineData(7, 0.25f, 42UL, 3UL)]
    [InlineData(33, 0.5f, 0xDEADBEEFCAFEUL, 1UL << 33)]
    [InlineData(1001, 0.25f, 7UL, 100UL)]
    [InlineData(4099, 0.9f, 123456789UL, 0xFFFFFFFFUL)]
    public void Dropout_draws_the_same_mask_as_the_cpu_for_the_same_seed_and_offset(int n, float p, ulong seed, ulong offset)
    {
        var x = Compare.Random(n, n);
        var cy = Cpu.Output(n);
        var cm = Cpu.Output(n);
        Cpu.Backend.Dropout(Cpu.Floats(x), cy, cm, n, p, seed, offset);
        var gy = Gpu.Output(n);
        var gm = Gpu.Output(n);
        Kernels.Dropout(Gpu.Floats(x), gy, gm, n, p, seed, offset);
        Compare.Exact(Cpu.Read(cm), Gpu.ReadFloats(gm, n), "mask");
        Compare.Exact(Cpu.Read(cy), Gpu.ReadFloats(gy, n), "y");

        // And against the contract's numbering directly.
        var uniform = new float[n];
        Philox.FillUniform(uniform, seed, offset);
        var mask = Gpu.ReadFloats(gm, n);
        for (var i = 0; i < n; i++) Assert.Equal(uniform[i] >= p, mask[i] != 0f);
    }

    [EmulatorTheory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(1000)]
    public void Adam_steps_match_the_cpu(int n)
    {
        var param = Compare.Random(n, n);
        var cp = Cpu.Floats(param);
        var cm = Cpu.Floats(new float[n]);
        var cv = Cpu.Floats(new float[n]);
        var gp = Gpu.Floats(param);
        var gm = Gpu.Floats(new float[n]);
        var gv = Gpu.Floats(new float[n]);
        for (var step = 1; step <= 5; step++)
        {
            var grad = Compare.Random(n, (n * 10) + step);
            Cpu.Backend.AdamStep(cp, Cpu.Floats(grad), cm, cv, n, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
            Kernels.AdamStep(gp, Gpu.Floats(grad), gm, gv, n, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
        }
        Compare.Close(Cpu.Read(cm), Gpu.ReadFloats(gm, n), 1e-6f, 1e-7f, "m");
        Compare.Close(Cpu.Read(cv), Gpu.ReadFloats(gv, n), 1e-6f, 1e-9f, "v");
        Compare.Close(Cpu.Read(cp), Gpu.ReadFloats(gp, n), 1e-6f, 1e-7f, "param");
    }
}
