using MultiMix.Distributed.Runtime;
using Xunit;

namespace MultiMix.Tests.Distributed;

public sealed class DistributedLaunchTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void WithoutALauncherTheProblemIsOneLineWithTheLaunchCommand()
    {
        var problem = DistributedLaunch.Problem(Environment(), () => null);
        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Contains("`mpirun -np N multimix train --distributed …`", problem);
    }

    [Theory]
    [InlineData("OMPI_COMM_WORLD_SIZE", "4")]
    [InlineData("PMIX_RANK", "0")]
    public void UnderALauncherWithOpenMpiThereIsNoProblem(string variable, string value) =>
        Assert.Null(DistributedLaunch.Problem(Environment((variable, value)), () => null));

    [Fact]
    public void UnderALauncherWithoutOpenMpiTheProblemNamesTheLibraryAndTheCommand()
    {
        var problem = DistributedLaunch.Problem(Environment(("OMPI_COMM_WORLD_SIZE", "2")), () => "Open MPI's libmpi.so.40 was not found (none of libmpi.so.40 in /opt)");
        Assert.Equal("--distributed: Open MPI's libmpi.so.40 was not found (none of libmpi.so.40 in /opt); install Open MPI (Debian: apt-get install openmpi-bin) and start the job as `mpirun -np N multimix train --distributed …`", problem);
    }

    [Fact]
    public void AnEmptyLauncherVariableDoesNotCount() =>
        Assert.NotNull(DistributedLaunch.Problem(Environment(("OMPI_COMM_WORLD_SIZE", "")), () => null));
}
