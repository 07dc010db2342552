using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Cpu;

/// <summary>The dropout mask as bits, against the Philox stream's uniforms compared in float as the contract says.</summary>
public sealed unsafe class DropoutBitsTests
{
    [Theory]
    [InlineData(1, 0.25f, 0UL, 0UL)]
    [InlineData(31, 0.25f, 42UL, 3UL)]
    [InlineData(32, 0.5f, 0xDEADBEEFCAFEUL, 1UL << 33)]
    [InlineData(33, 0.25f, 7UL, 0xFFFFFFFEUL)]
    [InlineData(4099, 0.9f, 123456789UL, 0xFFFFFFF9UL)]
    [InlineData(100_003, 0.25f, 9UL, 5UL)]
    [InlineData(1000, 0.1234567f, 1UL, 17UL)]
    public void Bits_mark_the_elements_whose_uniform_reaches_p(int n, float p, ulong seed, ulong offset)
    {
        var words = new uint[DropoutBits.Words(n)];
        fixed (uint* w = words) DropoutBits.Write(w, n, p, seed, offset);
        var u = new float[n];
        Philox.FillUniform(u, seed, offset);
        fixed (uint* w = words)
        {
            for (var i = 0; i < n; i++) Assert.True((u[i] >= p) == DropoutBits.Kept(w, i), $"element {i}: u = {u[i]}, p = {p}");
        }
        var unused = (int)(words.Length * 32L - n);
        if (unused > 0) Assert.Equal(0u, words[^1] >> (32 - unused));
    }

    /// <summary>u ≥ p keeps the element when u equals p to the bit, which an off-by-one threshold would drop.</summary>
    [Fact]
    public void An_element_whose_uniform_equals_p_is_kept()
    {
        const int n = 1000;
        var u = new float[n];
        Philox.FillUniform(u, 3, 7);
        var words = new uint[DropoutBits.Words(n)];
        foreach (var i in new[] { 5, 500, 999 })
        {
            fixed (uint* w = words)
            {
                DropoutBits.Write(w, n, u[i], 3, 7);
                Assert.True(DropoutBits.Kept(w, i), $"element {i} with u = p = {u[i]} was dropped");
            }
        }
    }

    [Fact]
    public void Multipliers_expand_eight_bits_to_the_keep_scale_or_zero()
    {
        uint[] words = [0b1011_0001_1000_0000_0000_0000_1111_0101u];
        fixed (uint* w = words)
        {
            for (var i = 0; i < 32; i += 8)
            {
                var m = DropoutBits.Multipliers(w, i, System.Runtime.Intrinsics.Vector256.Create(4f / 3f));
                for (var j = 0; j < 8; j++) Assert.Equal(DropoutBits.Kept(w, i + j) ? 4f / 3f : 0f, m[j]);
            }
        }
    }
}
