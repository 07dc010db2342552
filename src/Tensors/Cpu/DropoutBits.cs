using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MultiMix.Tensors.Random;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The dropout mask of the Philox stream as bits: bit i % 32 of word i / 32 is set where element i is kept, that is
/// where u_i = (word_i &gt;&gt; 8)·2^-24 ≥ p for word_i = word i % 4 of Philox(seed, offset + i / 4). The comparison is
/// done on the 24-bit integer against ⌈p·2^24⌉, which decides exactly as the float comparison does. Eight counters
/// (32 elements) are drawn at once in AVX2 lanes, with a scalar path for other machines and for the tail.
/// </summary>
internal static unsafe class DropoutBits
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>Words of bits for n elements.</summary>
    public static long Words(long n) => (n + 31) / 32;

    /// <summary>The scale of kept elements, 1/(1−p).</summary>
    public static float KeepScale(float p) => 1f / (1f - p);

    /// <summary>Kept iff (word &gt;&gt; 8) ≥ this.</summary>
    public static uint Threshold(float p) => (uint)Math.Ceiling(p * 16777216.0);

    /// <summary>Writes the bits of elements [0, n) (and clears the unused bits of the last word), on all cores.</summary>
    public static void Write(uint* words, long n, float p, ulong seed, ulong offset)
    {
        var threshold = Threshold(p);
        CpuParallel.For(Words(n), 1024, (s, e) =>
        {
            for (var w = s; w < e; w++)
            {
                words[w] = Vector256.IsHardwareAccelerated && Avx2.IsSupported && (w + 1) * 32 <= n
                    ? Word256(seed, offset + ((ulong)w * 8), threshold)
                    : WordScalar(seed, offset, w * 32, n, threshold);
            }
        });
    }

    /// <summary>Whether element i is kept.</summary>
    public static bool Kept(uint* words, long i) => (words[i >> 5] & (1u << (int)(i & 31))) != 0;

    /// <summary>The multipliers of elements [i, i + 8) for i a multiple of 8: 1/(1−p) where kept, 0 where dropped.</summary>
    public static Vector256<float> Multipliers(uint* words, long i, Vector256<float> keepScale)
    {
        var bits = Vector256.Create((words[i >> 5] >> (int)(i & 31)) & 0xFF);
        var lanes = Vector256.Create(1u, 2, 4, 8, 16, 32, 64, 128);
        return Vector256.ConditionalSelect(Vector256.Equals(bits & lanes, lanes).AsSingle(), keepScale, Vector256<float>.Zero);
    }

    /// <summary>The 32 bits of elements [first, first + 32), fewer at the end of the stream.</summary>
    private static uint WordScalar(ulong seed, ulong offset, long first, long n, uint threshold)
    {
        uint bits = 0;
        for (var c = 0; c < 8 && first + (4 * c) < n; c++)
        {
            var (w0, w1, w2, w3) = Philox.Block(seed, offset + (ulong)(first / 4) + (ulong)c);
            for (var j = 0; j < 4 && first + (4 * c) + j < n; j++)
            {
                var word = j switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
                if (word >> 8 >= threshold) bits |= 1u << ((4 * c) + j);
            }
        }
        return bits;
    }

    /// <summary>The 32 bits of the eight counters from <paramref name="counter"/>: Philox in eight lanes, bits interleaved back to element order.</summary>
    private static uint Word256(ulong seed, ulong counter, uint threshold)
    {
        var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        var lo = (uint)counter;
        var x0 = Vector256.Create(lo) + lanes;
        var carry = Vector256.LessThan(x0, Vector256.Create(lo));
        var x1 = Vector256.Create((uint)(counter >> 32)) - carry;
        var x2 = Vector256<uint>.Zero;
        var x3 = Vector256<uint>.Zero;
        var k0 = (uint)seed;
        var k1 = (uint)(seed >> 32);
        var m0 = Vector256.Create(M0);
        var m1 = Vector256.Create(M1);
        for (var round = 0; round < 10; round++)
        {
            var (hi0, lo0) = MultiplyWide(x0, m0);
            var (hi1, lo1) = MultiplyWide(x2, m1);
            x0 = hi1 ^ x1 ^ Vector256.Create(k0);
            x1 = lo1;
            x2 = hi0 ^ x3 ^ Vector256.Create(k1);
            x3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        var t = Vector256.Create(threshold);
        var b0 = Vector256.GreaterThanOrEqual(x0 >>> 8, t).ExtractMostSignificantBits();
        var b1 = Vector256.GreaterThanOrEqual(x1 >>> 8, t).ExtractMostSignificantBits();
        var b2 = Vector256.GreaterThanOrEqual(x2 >>> 8, t).ExtractMostSignificantBits();
        var b3 = Vector256.GreaterThanOrEqual(x3 >>> 8, t).ExtractMostSignificantBits();
        return Interleave(b0, 0x11111111) | Interleave(b1, 0x22222222) | Interleave(b2, 0x44444444) | Interleave(b3, 0x88888888);
    }

    /// <summary>Spreads the 8 bits of b over the bits of mask (bit c to the c-th set bit), as PDEP does.</summary>
    private static uint Interleave(uint b, uint mask)
    {
        if (Bmi2.IsSupported) return Bmi2.ParallelBitDeposit(b, mask);
        uint r = 0;
        var c = 0;
        for (var bit = 0; bit < 32; bit++)
        {
            if ((mask & (1u << bit)) == 0) continue;
            if ((b & (1u << c)) != 0) r |= 1u << bit;
            c++;
        }
        return r;
    }

    /// <summary>The high and the low 32 bits of the 64-bit products of the lanes (two widening multiplies, no 32-bit multiply).</summary>
    private static (Vector256<uint> High, Vector256<uint> Low) MultiplyWide(Vector256<uint> x, Vector256<uint> m)
    {
        var even = Avx2.Multiply(x, m);
        var odd = Avx2.Multiply((x.AsUInt64() >>> 32).AsUInt32(), m);
        var oddLanes = Vector256.Create(0u, uint.MaxValue, 0u, uint.MaxValue, 0u, uint.MaxValue, 0u, uint.MaxValue);
        return (Vector256.ConditionalSelect(oddLanes, odd.AsUInt32(), (even >>> 32).AsUInt32()),
            Vector256.ConditionalSelect(oddLanes, (odd << 32).AsUInt32(), even.AsUInt32()));
    }
}
