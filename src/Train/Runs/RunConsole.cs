namespace MultiMix.Train.Runs;

/// <summary>
/// Where a run writes: <see cref="Results"/> for what it found (tables, per-image lines), <see cref="Status"/>
/// for progress and notes, redrawing a live progress line in place when <see cref="Interactive"/>.
/// </summary>
public sealed record RunConsole(TextWriter Results, TextWriter Status, bool Interactive);
