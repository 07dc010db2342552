using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>
/// Draws mask outlines over a gray image: the predicted mask's boundary in orange-red, the reference's in green,
/// pixels on both boundaries in yellow. Masks are binarized at 0.5. A boundary pixel is a mask pixel with a
/// 4-neighbour outside the mask; beyond the image edge counts as outside, so a mask touching the edge is closed
/// there. Boundaries are 1 px wide, 2 px (growing inward) for images with a side of 256 px or more.
/// </summary>
public static class MaskOverlay
{
    public const float Threshold = 0.5f;

    public const int WideImageSide = 256;

    public static readonly (byte R, byte G, byte B) PredictedColor = (255, 69, 0);

    public static readonly (byte R, byte G, byte B) ReferenceColor = (0, 220, 0);

    public static readonly (byte R, byte G, byte B) BothColor = (255, 255, 0);

    public static RgbImage Draw(GrayImage image, GrayImage? predicted, GrayImage? reference)
    {
        ArgumentNullException.ThrowIfNull(image);
        var width = BoundaryWidth(image);
        var predictedEdge = predicted is null ? null : Boundary(Checked(image, predicted, nameof(predicted)), width);
        var referenceEdge = reference is null ? null : Boundary(Checked(image, reference, nameof(reference)), width);
        var overlay = RgbImage.FromGray(image);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            var onPredicted = predictedEdge?[i] ?? false;
            var onReference = referenceEdge?[i] ?? false;
            if (onPredicted || onReference)
            {
                var (r, g, b) = onPredicted && onReference ? BothColor : onPredicted ? PredictedColor : ReferenceColor;
                overlay.Rgb[3 * i] = r;
                overlay.Rgb[(3 * i) + 1] = g;
                overlay.Rgb[(3 * i) + 2] = b;
            }
        }

        return overlay;
    }

    /// <summary>Boundary line width in pixels for an image of this size.</summary>
    public static int BoundaryWidth(GrayImage image) => Math.Max(image.Width, image.Height) >= WideImageSide ? 2 : 1;

    /// <summary>
    /// The pixels of the binarized mask within <paramref name="width"/> 4-neighbour steps of the outside:
    /// the mask minus its <paramref name="width"/>-fold erosion by the 4-neighbour cross.
    /// </summary>
    public static bool[] Boundary(GrayImage mask, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var inside = new bool[mask.Pixels.Length];
        for (var i = 0; i < inside.Length; i++)
        {
            inside[i] = mask.Pixels[i] >= Threshold;
        }

        var eroded = inside;
        for (var step = 0; step < width; step++)
        {
            eroded = Erode(eroded, mask.Width, mask.Height);
        }

        var boundary = new bool[inside.Length];
        for (var i = 0; i < inside.Length; i++)
        {
            boundary[i] = inside[i] && !eroded[i];
        }

        return boundary;
    }

    private static bool[] Erode(bool[] inside, int width, int height)
    {
        var eroded = new bool[inside.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                eroded[i] = inside[i]
                    && x > 0 && inside[i - 1]
                    && x < width - 1 && inside[i + 1]
                    && y > 0 && inside[i - width]
                    && y < height - 1 && inside[i + width];
            }
        }

        return eroded;
    }

    private static GrayImage Checked(GrayImage image, GrayImage mask, string name)
    {
        if (!image.SameSize(mask))
        {
            throw new ArgumentException($"{name} mask is {mask.Width}x{mask.Height}, image is {image.Width}x{image.Height}", name);
        }

        return mask;
    }
}
