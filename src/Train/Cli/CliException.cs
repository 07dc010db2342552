namespace MultiMix.Train.Cli;

/// <summary>Bad command-line input: the message is one line naming the option and what is wrong.</summary>
public sealed class CliException(string message) : Exception(message);
