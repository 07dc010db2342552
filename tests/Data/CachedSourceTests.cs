using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class CachedSourceTests
{
    [Fact]
    public void ClassificationCacheLoadsOnceAndReturnsCopies()
    {
        var counting = new CountingSource();
        var cached = new CachedSource<ClassificationSample>(counting);

        var first = cached.Load(1, 4);
        first.Image.Pixels[0] = 99f;
        var second = cached.Load(1, 4);
        cached.Load(1, 8);

        Assert.Equal(2, counting.Loads);
        Assert.Equal(0.25f, second.Image.Pixels[0]);
        Assert.Equal(1, second.Label);
    }

    [Fact]
    public void SegmentationCacheReturnsCopiesOfImageAndMask()
    {
        var source = new SyntheticSegmentationSource(2, SyntheticDomain.A, 1);
        var cached = new CachedSource<SegmentationSample>(source);

        var first = cached.Load(0, 16);
        Array.Fill(first.Mask.Pixels, 0f);
        var second = cached.Load(0, 16);

        Assert.Equal(source.Load(0, 16).Mask.Pixels, second.Mask.Pixels);
        Assert.NotSame(first.Image, second.Image);
    }

    private sealed class CountingSource : IImageSource<ClassificationSample>
    {
        public int Loads { get; private set; }

        public int Count => 2;

        public IReadOnlyList<string> ClassNames => ["a", "b"];

        public int LabelOf(int index) => index;

        public ClassificationSample Load(int index, int size)
        {
            Loads++;
            var image = new GrayImage(size, size);
            Array.Fill(image.Pixels, 0.25f);
            return new ClassificationSample(image, index);
        }
    }
}
