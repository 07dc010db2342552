namespace MultiMix.Train.Data;

/// <summary>
/// A segmentation set backed by files: each image has one or more mask files whose union is the target.
/// Masks are binarized at their stored size, united, resized with the image and binarized again at 0.5.
/// </summary>
public sealed class FileSegmentationSource : IImageSource<SegmentationSample>
{
    private readonly IReadOnlyList<MaskedFile> _files;
    private readonly Func<string, GrayImage> _readImage;
    private readonly bool _masksMayBeScaled;

    /// <param name="files">Images with their mask files.</param>
    /// <param name="readImage">Decoder for the images (masks are always ordinary image files).</param>
    /// <param name="masksMayBeScaled">False: a mask must have its image's size. True: only the aspect ratio
    /// must match (SCR masks are 1024² for 2048² JSRT images).</param>
    public FileSegmentationSource(IReadOnlyList<MaskedFile> files, Func<string, GrayImage> readImage, bool masksMayBeScaled)
    {
        _files = files;
        _readImage = readImage;
        _masksMayBeScaled = masksMayBeScaled;
    }

    public int Count => _files.Count;

    public IReadOnlyList<MaskedFile> Files => _files;

    public SegmentationSample Load(int index, int size)
    {
        var file = _files[index];
        var image = _readImage(file.ImagePath);
        GrayImage? mask = null;
        foreach (var maskPath in file.MaskPaths)
        {
            var part = ImageFile.LoadMask(maskPath);
            CheckFits(part, maskPath, image, file.ImagePath);
            if (mask is not null && !mask.SameSize(part))
            {
                throw DataException.ForPath(maskPath, $"mask is {part.Width}x{part.Height} but {file.MaskPaths[0]} is {mask.Width}x{mask.Height}");
            }

            mask = mask is null ? part : MaskOps.Union(mask, part);
        }

        if (mask is null)
        {
            throw DataException.ForPath(file.ImagePath, "image has no mask files");
        }

        return new SegmentationSample(BilinearResize.Resize(image, size, size), MaskOps.Resize(mask, size, size));
    }

    private void CheckFits(GrayImage mask, string maskPath, GrayImage image, string imagePath)
    {
        var fits = _masksMayBeScaled
            ? (long)mask.Width * image.Height == (long)mask.Height * image.Width
            : mask.SameSize(image);
        if (!fits)
        {
            var rule = _masksMayBeScaled ? "aspect ratio differs from" : "size differs from";
            throw DataException.ForPath(maskPath, $"mask is {mask.Width}x{mask.Height}, its {rule} image {imagePath} ({image.Width}x{image.Height})");
        }
    }
}
