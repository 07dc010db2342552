using MultiMix.Tests.Kernels.PipLayout;

namespace MultiMix.Tests;

/// <summary>
/// The test assembly run as a program, <c>dotnet MultiMix.Tests.dll MODE ARGS</c>: the child processes that some
/// tests start in an environment of their own (the test runner does not use this entry point).
/// </summary>
internal static class TestProcess
{
    public static int Main(string[] args)
    {
        if (args is [KernelCompileChild.Mode, .. var rest]) return KernelCompileChild.Run(rest, Console.Out);
        Console.Error.WriteLine($"usage: dotnet MultiMix.Tests.dll {KernelCompileChild.Mode} ARCH...");
        return 2;
    }
}
