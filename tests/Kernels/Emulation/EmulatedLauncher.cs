using System.Runtime.InteropServices;
using MultiMix.Kernels.Launch;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>Launches kernels in the CPU emulator, with the same argument slots the CUDA launcher passes.</summary>
internal sealed unsafe class EmulatedLauncher : IKernelLauncher
{
    // The emulator keeps one block's state in globals: launches from parallel tests must take turns.
    private static readonly Lock s_gate = new();

    private readonly delegate* unmanaged<byte*, uint, uint, uint, uint, uint, uint, uint, void**, int, int> _launch;
    private readonly delegate* unmanaged<byte*> _lastError;

    public EmulatedLauncher()
    {
        var (handle, error) = EmulatorLibrary.Library;
        if (handle == 0) throw new InvalidOperationException($"emulator unavailable: {error}");
        _launch = (delegate* unmanaged<byte*, uint, uint, uint, uint, uint, uint, uint, void**, int, int>)NativeLibrary.GetExport(handle, "emu_launch");
        _lastError = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "emu_last_error");
    }

    public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
    {
        var name = Marshal.StringToCoTaskMemUTF8(config.Kernel);
        try
        {
            fixed (ulong* slots = args)
            {
                var pointers = stackalloc void*[Math.Max(1, args.Length)];
                for (var i = 0; i < args.Length; i++) pointers[i] = slots + i;
                int result;
                lock (s_gate)
                {
                    result = _launch((byte*)name, config.Grid, 1, 1, config.Block, 1, 1, config.SharedBytes, pointers, args.Length);
                    if (result != 0) throw new InvalidOperationException($"emulated launch of {config.Kernel} failed: {Marshal.PtrToStringUTF8((nint)_lastError())}");
                }
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }
}
