namespace MultiMix.Train.Data;

/// <summary>
/// JSRT images (<c>*.IMG</c>) with SCR lung masks: the mask folder holds a left-lung and a right-lung
/// subfolder (named e.g. <c>left lung</c>/<c>right lung</c> or <c>leftMask</c>/<c>rightMask</c>) with one GIF
/// or PNG per image, named like the image. The target is the union of both lungs.
/// </summary>
public static class JsrtDataset
{
    public static FileSegmentationSource Open(string imageFolder, string maskFolder, int side = JsrtImage.DefaultSide)
    {
        DataFolder.Require(imageFolder, "JSRT image");
        DataFolder.Require(maskFolder, "SCR mask");
        var images = Directory.EnumerateFiles(imageFolder)
            .Where(f => Path.GetExtension(f).Equals(".img", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (images.Length == 0)
        {
            throw DataException.ForPath(imageFolder, "JSRT image folder has no .IMG files");
        }

        var left = DataFolder.ImagesByStem(FindSide(maskFolder, "left"));
        var right = DataFolder.ImagesByStem(FindSide(maskFolder, "right"));
        var files = new List<MaskedFile>();
        foreach (var image in images)
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            files.Add(new MaskedFile(image, [MaskFor(left, stem, maskFolder, "left"), MaskFor(right, stem, maskFolder, "right")]));
        }

        return new FileSegmentationSource(files, new ImageReader(path => JsrtImage.Read(path, side), path => JsrtImage.Inspect(path, side)), masksMayBeScaled: true);
    }

    private static string FindSide(string maskFolder, string side)
    {
        foreach (var folder in DataFolder.Subfolders(maskFolder))
        {
            var name = new string(Path.GetFileName(folder).Where(char.IsLetter).ToArray()).ToLowerInvariant();
            if (name == side || name == side + "lung" || name == side + "mask")
            {
                return folder;
            }
        }

        throw DataException.ForPath(maskFolder, $"SCR mask folder has no {side}-lung subfolder (e.g. '{side} lung' or '{side}Mask')");
    }

    private static string MaskFor(Dictionary<string, string> masks, string stem, string maskFolder, string side) =>
        masks.TryGetValue(stem, out var path)
            ? path
            : throw DataException.ForPath(maskFolder, $"no {side}-lung mask (.gif/.png) for JSRT image {stem}");
}
