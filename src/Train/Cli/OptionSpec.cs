namespace MultiMix.Train.Cli;

/// <summary>One option of a command: its name (without dashes), value placeholder (null for a flag), help text and default.</summary>
public sealed record OptionSpec(string Name, string? Value, string Help, string? Default = null);
