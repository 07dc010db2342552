namespace MultiMix.Train.Data;

/// <summary>
/// Montgomery County: <c>CXR_png/MCUCXR_####_{0,1}.png</c> with <c>ManualMask/leftMask/</c> and
/// <c>ManualMask/rightMask/</c> holding masks of the same names; the target is their union.
/// </summary>
public static class MontgomeryDataset
{
    public static FileSegmentationSource Open(string root)
    {
        DataFolder.Require(root, "Montgomery root");
        var images = DataFolder.RequireImages(Path.Combine(root, "CXR_png"), "Montgomery image");
        var leftFolder = Path.Combine(root, "ManualMask", "leftMask");
        var rightFolder = Path.Combine(root, "ManualMask", "rightMask");
        DataFolder.Require(leftFolder, "Montgomery left mask");
        DataFolder.Require(rightFolder, "Montgomery right mask");

        var files = new List<MaskedFile>();
        foreach (var image in images)
        {
            var name = Path.GetFileName(image);
            files.Add(new MaskedFile(image, [Existing(Path.Combine(leftFolder, name)), Existing(Path.Combine(rightFolder, name))]));
        }

        return new FileSegmentationSource(files, ImageReader.Files, masksMayBeScaled: false);
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw DataException.ForPath(path, "mask file not found");
}
