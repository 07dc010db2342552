using MultiMix.Distributed.Native;

namespace MultiMix.Distributed.Runtime;

/// <summary>
/// Whether this process can join a distributed job: an MPI launcher started it (Open MPI's mpirun sets
/// OMPI_COMM_WORLD_SIZE; PMIx launchers such as Open MPI 5's mpirun and Slurm's srun set PMIX_RANK) and Open
/// MPI's library loads. Without a launcher Open MPI would start a world of one, which is never what
/// <c>--distributed</c> means, so it is refused with the command that launches it.
/// </summary>
public static class DistributedLaunch
{
    /// <summary>How a distributed run is started.</summary>
    public const string Command = "mpirun -np N multimix train --distributed …";

    public static IReadOnlyList<string> LauncherVariables { get; } = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK"];

    /// <summary>Null when this process can join; otherwise one line saying why not and how to launch.</summary>
    public static string? Problem() => Problem(Environment.GetEnvironmentVariable, () => MpiLibrary.Problem);

    /// <summary><see cref="Problem()"/> over a given environment and library check.</summary>
    public static string? Problem(Func<string, string?> environment, Func<string?> libraryProblem)
    {
        if (!LauncherVariables.Any(v => !string.IsNullOrEmpty(environment(v))))
        {
            return $"--distributed needs an MPI launcher: start the job as `{Command}` (Open MPI; Debian: apt-get install openmpi-bin)";
        }
        return libraryProblem() is { } problem
            ? $"--distributed: {problem}; install Open MPI (Debian: apt-get install openmpi-bin) and start the job as `{Command}`"
            : null;
    }
}
