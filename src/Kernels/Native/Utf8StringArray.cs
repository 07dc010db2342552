using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Native;

/// <summary>An unmanaged array of NUL-terminated UTF-8 strings (a <c>const char* const*</c>), freed on dispose.</summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private readonly byte** _pointers;

    public Utf8StringArray(IReadOnlyList<string> values)
    {
        Count = values.Count;
        _pointers = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, Count), (nuint)sizeof(byte*));
        for (var i = 0; i < Count; i++)
        {
            _pointers[i] = (byte*)Marshal.StringToCoTaskMemUTF8(values[i]);
        }
    }

    public int Count { get; }

    public byte** Pointer => _pointers;

    public void Dispose()
    {
        for (var i = 0; i < Count; i++)
        {
            Marshal.FreeCoTaskMem((nint)_pointers[i]);
        }
        NativeMemory.Free(_pointers);
    }
}
