using MultiMix.Kernels.Launch;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>The emulator keeps CUDA's semantics for the features the kernels use.</summary>
public sealed class EmulatorSelfTests
{
    private static ulong P(DevicePtr p) => p.Address;

    [EmulatorTheory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(96)]
    [InlineData(1024)]
    public void Shared_memory_and_syncthreads_give_every_thread_the_block_sum(int threads)
    {
        using var memory = new GuardedMemory();
        var values = Enumerable.Range(0, 2 * threads).Select(i => (float)(i % 13)).ToArray();
        var input = memory.Floats(values);
        var output = memory.Output(values.Length);
        new EmulatedLauncher().Launch(new LaunchConfig("selftest_shared_sum", 2, (uint)threads), [P(input), P(output)]);
        var result = memory.ReadFloats(output, values.Length);
        for (var b = 0; b < 2; b++)
        {
            var expected = values.Skip(b * threads).Take(threads).Sum();
            Assert.All(result.Skip(b * threads).Take(threads), v => Assert.Equal(expected, v));
        }
    }

    [EmulatorFact]
    public void Warp_shuffles_read_the_right_lanes()
    {
        using var memory = new GuardedMemory();
        const int Threads = 64;
        var down = memory.Ints(new int[Threads]);
        var xorred = memory.Ints(new int[Threads]);
        var broadcast = memory.Ints(new int[Threads]);
        new EmulatedLauncher().Launch(new LaunchConfig("selftest_shuffles", 1, Threads), [P(down), P(xorred), P(broadcast)]);
        var d = memory.ReadInts(down, Threads);
        var x = memory.ReadInts(xorred, Threads);
        var b = memory.ReadInts(broadcast, Threads);
        for (var t = 0; t < Threads; t++)
        {
            var lane = t % 32;
            Assert.Equal(lane + 3 < 32 ? lane + 3 : lane, d[t]);
            Assert.Equal(lane ^ 5, x[t]);
            Assert.Equal(70, b[t]);
        }
    }

    [EmulatorFact]
    public void Atomics_accumulate_and_threads_that_exit_leave_the_barrier()
    {
        using var memory = new GuardedMemory();
        const int Threads = 100;
        var total = memory.Ints([0]);
        var maximum = memory.Ints([-1]);
        var after = memory.Ints(new int[Threads]);
        new EmulatedLauncher().Launch(new LaunchConfig("selftest_atomics_and_exit", 3, Threads), [P(total), P(maximum), P(after)]);
        Assert.Equal(3 * (Threads * (Threads - 1) / 2), memory.ReadInts(total, 1)[0]);
        Assert.Equal(Threads - 1, memory.ReadInts(maximum, 1)[0]);
        var a = memory.ReadInts(after, Threads);
        for (var t = 0; t < Threads; t++) Assert.Equal(t % 2 == 0 ? 1 : 0, a[t]);
    }

    [EmulatorFact]
    public void Threads_waiting_at_different_barriers_are_reported_as_a_deadlock()
    {
        using var memory = new GuardedMemory();
        var x = memory.Ints(new int[32]);
        var error = Assert.Throws<InvalidOperationException>(() => new EmulatedLauncher().Launch(new LaunchConfig("selftest_deadlock", 1, 32), [P(x)]));
        Assert.Contains("deadlock", error.Message, StringComparison.Ordinal);
    }

    [EmulatorFact]
    public void A_launch_with_the_wrong_number_of_arguments_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmulatedLauncher().Launch(new LaunchConfig("fill", 1, 32), [0UL]));
        Assert.Contains("takes 3 arguments, got 1", error.Message, StringComparison.Ordinal);
    }

    [EmulatorFact]
    public void Every_embedded_kernel_is_registered_in_the_emulator()
    {
        foreach (var entry in MultiMix.Kernels.Compilation.KernelSources.Files.SelectMany(f => f.EntryPoints))
        {
            var error = Assert.Throws<InvalidOperationException>(() => new EmulatedLauncher().Launch(new LaunchConfig(entry, 1, 32), []));
            Assert.DoesNotContain("unknown kernel", error.Message, StringComparison.Ordinal);
        }
    }
}
