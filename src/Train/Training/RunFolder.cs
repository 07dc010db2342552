using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MultiMix.Train.Data;

namespace MultiMix.Train.Training;

/// <summary>
/// The output folder of a training run, held for the run's lifetime:
/// <list type="bullet">
/// <item>a lock: <see cref="LockName"/> held open with an exclusive OS lock (the kernel drops it when the process
/// ends, however it ends, so a killed run leaves no stale lock) and <see cref="OwnerName"/> naming the holder's
/// process; a second run into the folder is refused naming that process;</item>
/// <item>a fresh run is refused where a run already left checkpoints, a log or a report, unless it may replace
/// them (--overwrite), which removes them first so no stale file stays mixed in;</item>
/// <item>temporary files this program left behind when it was killed mid-write are removed (only its own
/// patterns, and only those of processes no longer running).</item>
/// </list>
/// </summary>
public sealed partial class RunFolder : IDisposable
{
    public const string LockName = ".multimix.lock";
    public const string OwnerName = ".multimix.owner";

    private readonly FileStream _lock;

    private RunFolder(string path, FileStream held, IReadOnlyList<string> removed)
    {
        Path = path;
        _lock = held;
        RemovedTemporaries = removed;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Stale temporary files removed when the folder was taken.</summary>
    public IReadOnlyList<string> RemovedTemporaries { get; }

    /// <summary>The files and folders of a run, removed by --overwrite.</summary>
    public static IReadOnlyList<string> RunFiles { get; } = [Trainer.LastName, Trainer.BestName, Trainer.LogName, "report"];

    /// <summary>
    /// Creates and locks the folder. <paramref name="continuing"/>: the run continues the run already in it
    /// (resuming from its own checkpoint). <paramref name="overwrite"/>: a run already in it may be replaced.
    /// <paramref name="owner"/> says who holds it (shown to a second run).
    /// </summary>
    public static RunFolder Take(string folder, bool continuing, bool overwrite, string owner)
    {
        var path = OutputFolder.Create(folder);
        var lockPath = System.IO.Path.Combine(path, LockName);
        FileStream held;
        try
        {
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataException($"--out {folder}: in use by {Holder(path)}; wait for it to finish, or choose another --out.");
        }

        try
        {
            AtomicFile.WriteText(System.IO.Path.Combine(path, OwnerName), string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n{owner}\n{DateTime.UtcNow:u}\n"));
            var existing = RunFiles.Where(f => File.Exists(System.IO.Path.Combine(path, f)) || Directory.Exists(System.IO.Path.Combine(path, f))).ToList();
            if (existing.Count > 0 && !continuing)
            {
                if (!overwrite)
                {
                    throw new DataException($"--out {folder} holds a training run ({string.Join(", ", existing)}); continue it with --resume {System.IO.Path.Combine(folder, Trainer.LastName)}, replace it with --overwrite, or choose another --out.");
                }

                foreach (var f in existing)
                {
                    var full = System.IO.Path.Combine(path, f);
                    if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
                    else File.Delete(full);
                }
            }

            return new RunFolder(path, held, RemoveStaleTemporaries(path));
        }
        catch
        {
            File.Delete(System.IO.Path.Combine(path, OwnerName));
            held.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        File.Delete(System.IO.Path.Combine(Path, OwnerName));
        _lock.Dispose();
    }

    /// <summary>"process 1234 (multimix train …)" from the owner file, or "another process" when it cannot be read.</summary>
    private static string Holder(string path)
    {
        try
        {
            var lines = File.ReadAllLines(System.IO.Path.Combine(path, OwnerName));
            if (lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return lines.Length > 1 && lines[1].Length > 0 ? $"process {pid} ({lines[1]})" : $"process {pid}";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return "another process";
    }

    /// <summary>
    /// Removes this program's temporary files (SafeTensors' <c>NAME.tmp-PID-GUID</c>, AtomicFile's
    /// <c>.NAME.PID.GUID.tmp</c>) below the folder whose writing process is gone; returns their paths.
    /// </summary>
    private static List<string> RemoveStaleTemporaries(string path)
    {
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var match = TemporaryName().Match(System.IO.Path.GetFileName(file));
            if (!match.Success) continue;
            var pid = int.Parse(match.Groups["pid1"].Success ? match.Groups["pid1"].Value : match.Groups["pid2"].Value, CultureInfo.InvariantCulture);
            if (IsRunning(pid)) continue;
            File.Delete(file);
            removed.Add(file);
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?:.+\.tmp-(?<pid1>\d{1,9})-[0-9a-f]{32}|\..+\.(?<pid2>\d{1,9})\.[0-9a-f]{32}\.tmp)$")]
    private static partial Regex TemporaryName();
}
