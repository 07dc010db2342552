namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// Writes synthetic sets to disk in the generic layouts that <see cref="FolderClassificationDataset"/> and
/// <see cref="FolderSegmentationDataset"/> read back: <c>NORMAL/</c> and <c>PNEUMONIA/</c> (ordinal order
/// gives labels 0 and 1), or <c>images/</c> and <c>masks/</c>. Each file is written atomically.
/// </summary>
public static class SyntheticExport
{
    public static void WriteClassification(string root, int count, int size, SyntheticDomain domain, ulong seed)
    {
        for (var i = 0; i < count; i++)
        {
            var sample = SyntheticChestXray.Generate(i, size, domain, seed);
            var folder = SyntheticClassificationSource.Names[sample.Label];
            PngFile.Save(sample.Image, Path.Combine(root, folder, FileName(domain, i)));
        }
    }

    public static void WriteSegmentation(string root, int count, int size, SyntheticDomain domain, ulong seed)
    {
        for (var i = 0; i < count; i++)
        {
            var sample = SyntheticChestXray.Generate(i, size, domain, seed);
            var name = FileName(domain, i);
            PngFile.Save(sample.Image, Path.Combine(root, FolderSegmentationDataset.ImageFolderName, name));
            PngFile.Save(sample.Mask, Path.Combine(root, FolderSegmentationDataset.MaskFolderName, name));
        }
    }

    public static string FileName(SyntheticDomain domain, int index) => $"synth_{domain.Name}_{index:D5}.png";
}
