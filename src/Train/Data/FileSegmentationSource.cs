namespace MultiMix.Train.Data;

/// <summary>
/// A segmentation set backed by files: each image has one or more mask files whose union is the target.
/// Masks are binarized at their stored size by the mask rule (<see cref="MaskFile"/>), united, resized with the
/// image and binarized again at 0.5.
/// </summary>
public sealed class FileSegmentationSource : IImageSource<SegmentationSample>
{
    private readonly IReadOnlyList<MaskedFile> _files;
    private readonly ImageReader _images;
    private readonly bool _masksMayBeScaled;

    /// <param name="files">Images with their mask files.</param>
    /// <param name="images">Decoder for the images (masks are always ordinary image files).</param>
    /// <param name="masksMayBeScaled">False: a mask must have its image's size. True: only the aspect ratio
    /// must match (SCR masks are 1024² for 2048² JSRT images).</param>
    public FileSegmentationSource(IReadOnlyList<MaskedFile> files, ImageReader images, bool masksMayBeScaled)
    {
        _files = files;
        _images = images;
        _masksMayBeScaled = masksMayBeScaled;
    }

    public int Count => _files.Count;

    public IReadOnlyList<MaskedFile> Files => _files;

    public SegmentationSample Load(int index, int size)
    {
        var file = _files[index];
        var image = _images.Load(file.ImagePath);
        var mask = Mask(file, image.Width, image.Height, _ => { });
        return new SegmentationSample(BilinearResize.Resize(image, size, size), MaskOps.Resize(mask, size, size));
    }

    public string ItemName(int index) => _files[index].ImagePath;

    /// <summary>The image's header and every mask in full (the mask rule needs their values); unusual and empty masks are warnings.</summary>
    public IReadOnlyList<DataIssue> Check(int index)
    {
        var file = _files[index];
        var issues = new List<DataIssue>();
        try
        {
            var (width, height) = _images.Inspect(file.ImagePath);
            var mask = Mask(file, width, height, reading => issues.Add(DataIssue.Warning(reading.Path, $"{reading.Unusual}; read as a {reading.Rule}")));
            if (MaskOps.CountForeground(mask) == 0)
            {
                issues.Add(DataIssue.Warning(string.Join(" + ", file.MaskPaths), $"the lung mask of {file.ImagePath} is empty"));
            }
        }
        catch (DataException e)
        {
            issues.Add(DataIssue.Problem(e));
        }

        return issues;
    }

    /// <summary>The union of the image's masks, each checked against the image's size; <paramref name="unusual"/> hears of each mask whose values are unusual.</summary>
    private GrayImage Mask(MaskedFile file, int imageWidth, int imageHeight, Action<(string Path, string Rule, string Unusual)> unusual)
    {
        GrayImage? mask = null;
        foreach (var maskPath in file.MaskPaths)
        {
            var reading = MaskFile.Read(maskPath);
            var part = reading.Mask;
            if (reading.Unusual is { } values)
            {
                unusual((maskPath, reading.Rule, values));
            }

            CheckFits(part, maskPath, imageWidth, imageHeight, file.ImagePath);
            if (mask is not null && !mask.SameSize(part))
            {
                throw DataException.ForPath(maskPath, $"mask is {part.Width}x{part.Height} but {file.MaskPaths[0]} is {mask.Width}x{mask.Height}");
            }

            mask = mask is null ? part : MaskOps.Union(mask, part);
        }

        return mask ?? throw DataException.ForPath(file.ImagePath, "image has no mask files");
    }

    private void CheckFits(GrayImage mask, string maskPath, int imageWidth, int imageHeight, string imagePath)
    {
        var fits = _masksMayBeScaled
            ? (long)mask.Width * imageHeight == (long)mask.Height * imageWidth
            : mask.Width == imageWidth && mask.Height == imageHeight;
        if (!fits)
        {
            var rule = _masksMayBeScaled ? "aspect ratio differs from" : "size differs from";
            throw DataException.ForPath(maskPath, $"mask is {mask.Width}x{mask.Height}, its {rule} image {imagePath} ({imageWidth}x{imageHeight})");
        }
    }
}
