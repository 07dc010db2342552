namespace MultiMix.Train.Data;

/// <summary>
/// Checks that a PNG or JPEG file is complete without decoding its pixels: a PNG's chunks must run, each whole,
/// up to its IEND chunk; a JPEG's segments and entropy-coded scans must run up to its end-of-image marker. A
/// file cut short fails here even where a decoder would fill the missing part with black (ImageSharp 2 decodes
/// a truncated JPEG without complaint). Bytes after the end are allowed.
/// </summary>
public static class ImageStructure
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(s_png);

    public static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    /// <summary>What is wrong with the file's structure in words ("truncated PNG: …"), or null when it is complete or is neither PNG nor JPEG.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes) =>
        IsPng(bytes) ? PngProblem(bytes) : IsJpeg(bytes) ? JpegProblem(bytes) : null;

    private static string? PngProblem(ReadOnlySpan<byte> bytes)
    {
        var position = s_png.Length;
        while (true)
        {
            if (position + 8 > bytes.Length)
            {
                return $"truncated PNG: it ends after {bytes.Length} bytes, before its IEND chunk";
            }

            var length = (long)(uint)((bytes[position] << 24) | (bytes[position + 1] << 16) | (bytes[position + 2] << 8) | bytes[position + 3]);
            var type = bytes.Slice(position + 4, 4);
            var end = position + 12 + length;
            if (end > bytes.Length)
            {
                return $"truncated PNG: its {System.Text.Encoding.ASCII.GetString(type)} chunk needs {end} bytes, the file has {bytes.Length}";
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return null;
            }

            position = (int)end;
        }
    }

    private static string? JpegProblem(ReadOnlySpan<byte> bytes)
    {
        var truncated = $"truncated JPEG: it ends after {bytes.Length} bytes, before its end-of-image marker";
        var position = 2;
        while (true)
        {
            // A marker is 0xFF (any number of fill bytes 0xFF) and a code; stray bytes before it are skipped as decoders do.
            while (position < bytes.Length && bytes[position] != 0xFF)
            {
                position++;
            }

            while (position < bytes.Length && bytes[position] == 0xFF)
            {
                position++;
            }

            if (position >= bytes.Length)
            {
                return truncated;
            }

            var marker = bytes[position++];
            if (marker == 0xD9)
            {
                return null;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (position + 2 > bytes.Length)
            {
                return truncated;
            }

            var length = (bytes[position] << 8) | bytes[position + 1];
            position += length;
            if (position > bytes.Length)
            {
                return truncated;
            }

            if (marker == 0xDA)
            {
                position = SkipScan(bytes, position);
            }
        }
    }

    /// <summary>The position of the first marker after entropy-coded data (0xFF followed by neither a stuffed 0x00 nor a restart marker), or the end of the file.</summary>
    private static int SkipScan(ReadOnlySpan<byte> bytes, int position)
    {
        while (position + 1 < bytes.Length)
        {
            if (bytes[position] == 0xFF && bytes[position + 1] != 0x00 && bytes[position + 1] is not (>= 0xD0 and <= 0xD7))
            {
                return position;
            }

            position++;
        }

        return bytes.Length;
    }
}
