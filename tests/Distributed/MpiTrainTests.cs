using System.Buffers.Binary;
using MultiMix.Tests.Cli;
using MultiMix.Tests.Support;
using MultiMix.Train.Training;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// `mpirun --allow-run-as-root --oversubscribe -np 2 multimix train --distributed …` end to end against one process
/// with the same global batch (tiny: 32 px, width 4, 2 images per stream, 12 steps). Where a rank must differ (its
/// output folder, its data) it gets its own arguments through mpirun's MPMD form: no hook in the program.
/// </summary>
public sealed class MpiTrainTests(ITestOutputHelper output)
{
    private static string[] Train(string folder, params string[] extra) =>
        ["train", "--distributed", .. CliRunner.Tiny(folder, ["--epochs", "2", .. extra])];

    [MpiFact]
    public void TwoRanksTrainWhatOneProcessTrainsAndOnlyRankZeroWritesAndPrints()
    {
        using var temp = new TempFolder();
        var single = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "single"), "--epochs", "2")]);
        Assert.True(single.ExitCode == 0, single.Status);
        var job = MpiRun.Multimix(Train(Path.Combine(temp.Path, "ranks")), Train(Path.Combine(temp.Path, "rank1")));
        Assert.True(job.ExitCode == 0, job.Output);

        var difference = CheckpointDifference.Between(Path.Combine(temp.Path, "single", Trainer.LastName), Path.Combine(temp.Path, "ranks", Trainer.LastName));
        output.WriteLine(difference.ToString());
        Assert.True(difference.IsSameTraining, difference.ToString());
        foreach (var (a, b) in MetricsLog.Read(Path.Combine(temp.Path, "single", Trainer.LogName), 2).Zip(MetricsLog.Read(Path.Combine(temp.Path, "ranks", Trainer.LogName), 2)))
        {
            Assert.Equal(a.Loss, b.Loss, 1e-4);
            Assert.Equal(a.ValidationLoss!.Value, b.ValidationLoss!.Value, 1e-4);
        }

        Assert.False(Directory.Exists(Path.Combine(temp.Path, "rank1")), "rank 1 wrote files:\n" + job.Output);
        Assert.True(File.Exists(Path.Combine(temp.Path, "ranks", "report", "index.html")), job.Output);
        Assert.Single(Lines(job.Output, "Training multimix (width 4, 32px"));
        Assert.Single(Lines(job.Output, "Data-parallel: 2 ranks, 1 image per stream each; gradients averaged by MPI all-reduce in host memory"));
        Assert.Single(Lines(job.Output, "epoch 2: train loss"));
        Assert.Single(Lines(job.Output, "Report: "));
    }

    [MpiFact]
    public void TheComparisonFailsWhenRankOneTrainsOnImagesThatAreNotItsShard()
    {
        using var temp = new TempFolder();
        var single = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "single"), "--epochs", "2")]);
        Assert.True(single.ExitCode == 0, single.Status);
        // Rank 1 splits the data with another seed, so its part of every batch holds other images.
        var job = MpiRun.Multimix(Train(Path.Combine(temp.Path, "ranks")), Train(Path.Combine(temp.Path, "ranks"), "--data-seed", "5"));
        Assert.True(job.ExitCode == 0, job.Output);

        var difference = CheckpointDifference.Between(Path.Combine(temp.Path, "single", Trainer.LastName), Path.Combine(temp.Path, "ranks", Trainer.LastName));
        output.WriteLine(difference.ToString());
        Assert.False(difference.IsSameTraining, difference.ToString());
    }

    [MpiFact]
    public void ARankThatFailsStopsTheJobWithItsMessageAndTheCodeOfItsFailure()
    {
        using var temp = new TempFolder();
        var (segmentation, classification) = CliRunner.Synth(temp.Folder("data"));
        var damaged = temp.Folder("damaged");
        foreach (var file in Directory.GetFiles(classification, "*.png", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(damaged, Path.GetRelativePath(classification, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, WithUnreadablePixels(File.ReadAllBytes(file)));
        }
        // Rank 1's copy of the classification images has intact headers (they pass the check before training) but
        // pixel data that does not decode, as a damaged copy on one machine would: it fails at its first batch.
        var job = MpiRun.Multimix(
            ["train", "--distributed", .. CliRunner.TinyFolders(temp.Folder("out"), segmentation, classification, "--max-steps", "3")],
            ["train", "--distributed", .. CliRunner.TinyFolders(temp.Folder("out"), segmentation, damaged, "--max-steps", "3")]);

        Assert.True(job.ExitCode == 2, job.Output);
        var line = Assert.Single(Lines(job.Output, "multimix train: rank 1: "));
        Assert.Contains($"{damaged}", line);
        Assert.Contains("cannot read image", line);
        Assert.Empty(Lines(job.Output, "multimix train: rank 0"));
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", Trainer.LastName)), job.Output);
    }

    [Fact]
    public void DistributedWithoutALauncherSaysInOneLineHowToLaunch()
    {
        using var temp = new TempFolder();
        var run = CliRunner.Run(Train(temp.Path));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StatusLines);
        Assert.Equal("multimix train: --distributed needs an MPI launcher: start the job as `mpirun -np N multimix train --distributed …` (Open MPI; Debian: apt-get install openmpi-bin)", line);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void ProfileWithDistributedIsRefusedInOneLine()
    {
        using var temp = new TempFolder();
        var run = CliRunner.Run(Train(temp.Path, "--profile"));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StatusLines);
        Assert.Equal("multimix train: option --profile: it measures one process's step; run it without --distributed (and without mpirun).", line);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    private static List<string> Lines(string output, string start) => [.. output.Split('\n').Where(l => l.Contains(start, StringComparison.Ordinal))];

    /// <summary>The PNG with its compressed pixel data replaced by bytes that do not inflate, each chunk's CRC recomputed.</summary>
    private static byte[] WithUnreadablePixels(byte[] png)
    {
        var bytes = (byte[])png.Clone();
        for (var at = 8; at + 12 <= bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (bytes.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8))
            {
                bytes.AsSpan(at + 8, length).Fill(0xFF);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + 8 + length), Crc32(bytes.AsSpan(at + 4, 4 + length)));
            }
            at += 12 + length;
        }
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
