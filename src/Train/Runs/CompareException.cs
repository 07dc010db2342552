namespace MultiMix.Train.Runs;

/// <summary>A compare that cannot run as asked (a budget that does not divide, an output folder holding another grid): one line saying what and why.</summary>
public sealed class CompareException(string message) : Exception(message);
