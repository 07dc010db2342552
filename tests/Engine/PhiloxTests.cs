using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

public sealed class PhiloxTests
{
    /// <summary>Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors).</summary>
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0xa4093822u, 0x299f31d0u, 0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Matches_the_reference_vectors(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), Philox.Block(k0, k1, c0, c1, c2, c3));
    }

    [Fact]
    public void Streams_resume_from_seed_and_offset()
    {
        var whole = new float[40];
        Philox.FillUniform(whole, 99, 0);
        var tail = new float[20];
        Philox.FillUniform(tail, 99, 5);
        Assert.Equal(whole[20..], tail);
        var a = new RandomStream(7);
        a.Reserve(13);
        var b = new RandomStream(7, a.Offset);
        Assert.Equal(a.NextUniform(), b.NextUniform());
        Assert.All(whole, u => Assert.InRange(u, 0f, 0.99999995f));
    }

    [Fact]
    public void Permutation_is_a_permutation_and_depends_on_the_seed()
    {
        var p = new RandomStream(1).Permutation(50);
        Assert.Equal(Enumerable.Range(0, 50), p.Order());
        Assert.NotEqual(p, new RandomStream(2).Permutation(50));
        Assert.Equal(p, new RandomStream(1).Permutation(50));
    }
}
