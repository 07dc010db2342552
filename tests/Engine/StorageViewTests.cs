using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// Views of a storage (what a flat parameter buffer and a batch's slices are made of): the same memory, reached by
/// every primitive, released by nothing but the storage they view.
/// </summary>
public sealed class StorageViewTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AViewReadsAndWritesItsRangeOfTheStorageAndNothingElse(string name)
    {
        var b = Backends.Get(name);
        using var whole = b.Allocate(10, DType.Float32);
        b.Upload(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), whole);
        using (var view = whole.View(3, 4))
        {
            var read = new float[4];
            b.Download(view, read);
            Assert.Equal([3f, 4f, 5f, 6f], read);
            b.Fill(view, -1f);
        }
        var after = new float[10];
        b.Download(whole, after);
        Assert.Equal([0f, 1f, 2f, -1f, -1f, -1f, -1f, 7f, 8f, 9f], after);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void DisposingAViewReleasesNothing(string name)
    {
        using var b = Backends.Create(name);
        using var whole = b.Allocate(1000, DType.Float32);
        var inUse = ((IMemoryPool)b).BytesInUse;
        whole.View(0, 1000).Dispose();
        whole.View(500, 10).Dispose();
        Assert.Equal(inUse, ((IMemoryPool)b).BytesInUse);
        b.Fill(whole, 2f);
        var values = new float[1000];
        b.Download(whole, values);
        Assert.All(values, v => Assert.Equal(2f, v));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(9, 2)]
    [InlineData(0, 11)]
    [InlineData(3, -1)]
    public void AViewOutsideTheStorageIsRefused(long offset, long length)
    {
        var b = Backends.Get("cpu");
        using var whole = b.Allocate(10, DType.Float32);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => whole.View(offset, length));
        Assert.Contains($"a view of [{offset}, {offset} + {length}) outside a storage of 10 elements", e.Message);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void ATensorMovedIntoABufferKeepsItsValuesAndIsThatRangeOfTheBuffer(string name)
    {
        var b = Backends.Get(name);
        using var buffer = b.Allocate(8, DType.Float32);
        b.Fill(buffer, 0f);
        using var p = Tensor.Parameter(b, "p", [1f, 2f, 3f], 3);
        p.MoveInto(buffer, 4);
        Assert.Equal([1f, 2f, 3f], p.ToArray());
        var all = new float[8];
        b.Download(buffer, all);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 3f, 0f], all);
        p.CopyFrom([7f, 8f, 9f]);
        b.Download(buffer, all);
        Assert.Equal([0f, 0f, 0f, 0f, 7f, 8f, 9f, 0f], all);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AGradientWithAPlaceAccumulatesThereAndKeepsThePlaceAcrossZeroGrad(string name)
    {
        var b = Backends.Get(name);
        using var grads = b.Allocate(5, DType.Float32);
        b.Fill(grads, 0f);
        using var p = Tensor.Parameter(b, "p", [1f, -2f], 2);
        p.AccumulateGradInto(grads, 2);
        Assert.Null(p.Grad);
        for (var pass = 0; pass < 2; pass++)
        {
            using (new TensorScope())
            {
                var coeff = Tensor.FromArray(b, [3f, 5f], 2);
                Backprop.Backward(F.Sum(F.Mul(p, coeff)));
                Backprop.Backward(F.Sum(F.Mul(p, coeff)));
            }
            Assert.Equal("p.grad", p.Grad!.Name);
            var all = new float[5];
            b.Download(grads, all);
            Assert.Equal([0f, 0f, 6f, 10f, 0f], all);
            p.ZeroGrad();
            Assert.Null(p.Grad);
        }
    }
}
