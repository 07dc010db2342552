using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>A fact that needs the emulator (g++ and the repository's kernels-cu folder); skipped, saying why, without.</summary>
public sealed class EmulatorFactAttribute : FactAttribute
{
    public EmulatorFactAttribute()
    {
        if (EmulatorLibrary.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>The theory form of <see cref="EmulatorFactAttribute"/>.</summary>
public sealed class EmulatorTheoryAttribute : TheoryAttribute
{
    public EmulatorTheoryAttribute()
    {
        if (EmulatorLibrary.UnavailableReason is { } reason) Skip = reason;
    }
}
