using System.Text;
using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>Writes UTF-8 text (no byte-order mark) atomically: temporary file beside the target, then rename.</summary>
public static class TextFile
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, string text) => PngFile.AtomicWrite(path, stream => stream.Write(s_utf8.GetBytes(text)));
}
