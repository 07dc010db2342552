namespace MultiMix.Train.Data;

/// <summary>
/// Generic segmentation layout: <c>images/</c> and <c>masks/</c>; each image's mask has the same name up to
/// the extension (an image <c>a.jpg</c> may have the mask <c>a.png</c>) and the same size.
/// </summary>
public static class FolderSegmentationDataset
{
    public const string ImageFolderName = "images";

    public const string MaskFolderName = "masks";

    public static FileSegmentationSource Open(string root)
    {
        DataFolder.Require(root, "segmentation root");
        var images = DataFolder.RequireImages(Path.Combine(root, ImageFolderName), "segmentation image");
        var maskFolder = Path.Combine(root, MaskFolderName);
        DataFolder.Require(maskFolder, "segmentation mask");
        var masks = DataFolder.ImagesByStem(maskFolder);

        var files = new List<MaskedFile>();
        foreach (var image in images)
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            if (!masks.TryGetValue(stem, out var mask))
            {
                throw DataException.ForPath(image, $"no mask named '{stem}.*' in {maskFolder}");
            }

            files.Add(new MaskedFile(image, [mask]));
        }

        return new FileSegmentationSource(files, ImageReader.Files, masksMayBeScaled: false);
    }
}
