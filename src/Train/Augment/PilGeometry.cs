using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>
/// PIL's affine transform with nearest-neighbour sampling and fill 0, as FixMatch calls it: output pixel (x, y)
/// reads input (⌊a·(x+½) + b·(y+½) + c⌋, ⌊d·(x+½) + e·(y+½) + f⌋); reads outside the image give 0.
/// </summary>
public static class PilGeometry
{
    public static GrayImage Affine(GrayImage image, double a, double b, double c, double d, double e, double f)
    {
        var result = new GrayImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var sx = (a * (x + 0.5)) + (b * (y + 0.5)) + c;
                var sy = (d * (x + 0.5)) + (e * (y + 0.5)) + f;
                if (sx >= 0 && sy >= 0 && sx < image.Width && sy < image.Height)
                {
                    result[x, y] = image[(int)sx, (int)sy];
                }
            }
        }

        return result;
    }

    /// <summary>Image.rotate(degrees): counter-clockwise about the centre (w/2, h/2), same size.</summary>
    public static GrayImage Rotate(GrayImage image, double degrees)
    {
        var angle = -degrees * Math.PI / 180.0;
        var cos = Math.Round(Math.Cos(angle), 15);
        var sin = Math.Round(Math.Sin(angle), 15);
        var cx = image.Width / 2.0;
        var cy = image.Height / 2.0;
        var c = (cos * -cx) + (sin * -cy) + cx;
        var f = (-sin * -cx) + (cos * -cy) + cy;
        return Affine(image, cos, sin, c, -sin, cos, f);
    }

    /// <summary>transform(AFFINE, (1, shear, 0, 0, 1, 0)).</summary>
    public static GrayImage ShearX(GrayImage image, double shear) => Affine(image, 1, shear, 0, 0, 1, 0);

    /// <summary>transform(AFFINE, (1, 0, 0, shear, 1, 0)).</summary>
    public static GrayImage ShearY(GrayImage image, double shear) => Affine(image, 1, 0, 0, shear, 1, 0);

    /// <summary>transform(AFFINE, (1, 0, pixels, 0, 1, 0)): positive values move the content left.</summary>
    public static GrayImage TranslateX(GrayImage image, int pixels) => Affine(image, 1, 0, pixels, 0, 1, 0);

    /// <summary>transform(AFFINE, (1, 0, 0, 0, 1, pixels)): positive values move the content up.</summary>
    public static GrayImage TranslateY(GrayImage image, int pixels) => Affine(image, 1, 0, 0, 0, 1, pixels);
}
