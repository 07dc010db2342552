using System.Collections.Concurrent;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Random;
using MultiMix.Train.Augment;
using MultiMix.Train.Data;

namespace MultiMix.Train.Training;

/// <summary>
/// Builds each step's batch off the training thread with a bounded prefetch. Every choice (which items, which
/// augmentation) is a pure function of (seed, epoch, step, stream, position), so a run reproduces exactly
/// whatever the thread timing, and a resumed run sees the batches the uninterrupted one would have.
/// Smaller sets are cycled; an epoch is one pass over the largest stream that drives it (the unlabeled
/// classification set when pseudo-labelling is on), or a given number of steps (a budget in steps that every
/// variant shares). Items are drawn by their position in the stream, so any epoch length gives fresh shuffles
/// pass after pass.
/// In a data-parallel run each rank builds its equal part of every stream of the global batch: positions
/// [rank·k, rank·k + k) of the stream's global positions, k = per-stream batch / ranks, so the ranks together
/// load exactly the images (and augmentations) one process loads for the same global batch.
/// </summary>
public sealed class BatchLoader
{
    private const int MaxCachedOrders = 64;

    private enum Stream : ulong
    {
        SegLabeled = 1,
        SegUnlabeled = 2,
        ClsLabeled = 3,
        ClsUnlabeled = 4,
    }

    private readonly DataSets _data;
    private readonly int _size;
    private readonly ulong _seed;
    private readonly int _prefetch;

    /// <summary>This rank's positions within each stream of the global batch.</summary>
    private readonly Shard _shard;

    /// <summary>Shuffles by (stream, pass), kept while in use: a pass is drawn from over many steps.</summary>
    private readonly ConcurrentDictionary<(Stream Stream, ulong Pass), int[]> _orders = new();

    /// <summary>
    /// A loader of <paramref name="perStream"/> images per stream — the whole global batch (one process), or
    /// <paramref name="world"/>'s rank's part of it; an epoch is <paramref name="stepsPerEpoch"/> steps, or when null
    /// one pass over the driving stream.
    /// </summary>
    /// <exception cref="DistributedSetupException">When <paramref name="perStream"/> does not divide by the world size.</exception>
    public BatchLoader(DataSets data, ModelVariant variant, int perStream, int size, ulong seed, int prefetch = 2, int? stepsPerEpoch = null, WorldInfo? world = null)
    {
        _data = data;
        _size = size;
        _seed = seed;
        if (stepsPerEpoch is < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "an epoch needs at least one step");
        _prefetch = Math.Max(1, prefetch);
        var ranks = world ?? WorldInfo.Single;
        _shard = Shard.Even(perStream, ranks, "the per-stream batch (--batch)");
        GlobalLayout = LayoutOf(variant, perStream);
        Layout = LayoutOf(variant, _shard.Count);
        Require(Layout.SegLabeled, data.SegLabeled?.Count, "labeled segmentation");
        Require(Layout.SegUnlabeled, data.SegUnlabeled?.Count, "unlabeled segmentation");
        Require(Layout.ClsLabeled, data.ClsLabeled?.Count, "labeled classification");
        Require(Layout.ClsUnlabeled, data.ClsUnlabeled?.Count, "unlabeled classification");
        var driving = Layout.ClsUnlabeled > 0
            ? data.ClsUnlabeled!.Count
            : Math.Max(Layout.ClsLabeled > 0 ? data.ClsLabeled!.Count : 0, Layout.SegLabeled > 0 ? data.SegLabeled!.Count : 0);
        StepsPerEpoch = stepsPerEpoch ?? Math.Max(1, (driving + perStream - 1) / perStream);
        Placement = ranks.Size == 1 ? null : PlacementOf(Layout, GlobalLayout, _shard.Start);
    }

    /// <summary>The layout of the batches this loader builds (this rank's part of each stream).</summary>
    public StreamLayout Layout { get; }

    /// <summary>The layout of the global batch all ranks together build (equal to <see cref="Layout"/> for one process).</summary>
    public StreamLayout GlobalLayout { get; }

    /// <summary>
    /// Where this rank's images sit in the global batch, for the dropout stream (so every image draws the mask it
    /// draws when one process trains on the global batch); null for one process.
    /// </summary>
    public BatchPlacement? Placement { get; }

    public int StepsPerEpoch { get; }

    /// <summary>The streams a variant draws, <paramref name="perStream"/> images each.</summary>
    public static StreamLayout LayoutOf(ModelVariant variant, int perStream) => new(
        variant.Segments() ? perStream : 0,
        variant.UsesConsistency() ? perStream : 0,
        variant.Classifies() ? perStream : 0,
        variant.UsesPseudoLabels() ? perStream : 0);

    /// <summary>The five streams (labeled and unlabeled segmentation, labeled classification, weak and strong views) as runs from this rank's batch into the global one.</summary>
    private static BatchPlacement PlacementOf(StreamLayout local, StreamLayout global, int shardStart)
    {
        (int Local, int Global, int Count)[] streams =
        [
            (0, 0, local.SegLabeled),
            (local.SegUnlabeledStart, global.SegUnlabeledStart, local.SegUnlabeled),
            (local.ClsLabeledStart, global.ClsLabeledStart, local.ClsLabeled),
            (local.WeakStart, global.WeakStart, local.ClsUnlabeled),
            (local.StrongStart, global.StrongStart, local.ClsUnlabeled),
        ];
        return new BatchPlacement(global.Total, [.. streams.Where(s => s.Count > 0).Select(s => new ImageRun(s.Local, s.Global + shardStart, s.Count))]);
    }

    private static void Require(int wanted, int? available, string what)
    {
        if (wanted > 0 && (available ?? 0) == 0) throw new DataException($"the model needs {what} data, but the {what} set is empty");
    }

    /// <summary>The batches of one epoch, produced ahead on a worker thread, from step <paramref name="firstStep"/>.</summary>
    public IEnumerable<StepBatch> Epoch(int epoch, CancellationToken cancel, int firstStep = 0)
    {
        using var queue = new BlockingCollection<StepBatch>(_prefetch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Exception? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                for (var step = firstStep; step < StepsPerEpoch; step++) queue.Add(Build(epoch, step), stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e) when (e is DataException or IOException)
            {
                failure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, stop.Token);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancel)) yield return batch;
            producer.Wait(cancel);
            if (failure is not null) throw failure;
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }
        }
    }

    /// <summary>The batch of (epoch, step), built on the calling thread: this rank's part of each stream, local image i being global position shard start + i.</summary>
    public StepBatch Build(int epoch, int step)
    {
        var l = Layout;
        var first = _shard.Start;
        var plane = _size * _size;
        var images = new float[l.Total * plane];
        var masks = new float[l.SegLabeled * plane];
        var labels = new int[l.ClsLabeled];
        var truth = new int[l.ClsUnlabeled];
        for (var i = 0; i < l.SegLabeled; i++)
        {
            var s = _data.SegLabeled!.Load(Pick(Stream.SegLabeled, _data.SegLabeled.Count, epoch, step, first + i), _size);
            Normalization.ToSignedUnit(s.Image.Pixels, images.AsSpan(i * plane, plane));
            s.Mask.Pixels.CopyTo(masks, i * plane);
        }
        for (var i = 0; i < l.SegUnlabeled; i++)
        {
            var s = _data.SegUnlabeled!.Load(Pick(Stream.SegUnlabeled, _data.SegUnlabeled.Count, epoch, step, first + i), _size);
            Normalization.ToSignedUnit(s.Image.Pixels, images.AsSpan((l.SegUnlabeledStart + i) * plane, plane));
        }
        for (var i = 0; i < l.ClsLabeled; i++)
        {
            var s = _data.ClsLabeled!.Load(Pick(Stream.ClsLabeled, _data.ClsLabeled.Count, epoch, step, first + i), _size);
            var weak = WeakAugment.Apply(s.Image, Augmentation(Stream.ClsLabeled, epoch, step, first + i));
            Normalization.ToSignedUnit(weak.Pixels, images.AsSpan((l.ClsLabeledStart + i) * plane, plane));
            labels[i] = s.Label;
        }
        for (var i = 0; i < l.ClsUnlabeled; i++)
        {
            var s = _data.ClsUnlabeled!.Load(Pick(Stream.ClsUnlabeled, _data.ClsUnlabeled.Count, epoch, step, first + i), _size);
            var random = Augmentation(Stream.ClsUnlabeled, epoch, step, first + i);
            Normalization.ToSignedUnit(WeakAugment.Apply(s.Image, random).Pixels, images.AsSpan((l.WeakStart + i) * plane, plane));
            Normalization.ToSignedUnit(StrongAugment.Apply(s.Image, random).Pixels, images.AsSpan((l.StrongStart + i) * plane, plane));
            truth[i] = s.Label;
        }
        return new StepBatch(epoch, step, l, _size, images, masks, labels, truth);
    }

    /// <summary>Item for global position i of a step: a fresh shuffle of the set for every pass over it.</summary>
    private int Pick(Stream stream, int count, int epoch, int step, int i)
    {
        var position = ((long)epoch * StepsPerEpoch * PerStream(stream)) + ((long)step * PerStream(stream)) + i;
        var pass = (ulong)(position / count);
        if (_orders.Count > MaxCachedOrders) _orders.Clear();
        var order = _orders.GetOrAdd((stream, pass), key =>
        {
            var o = Enumerable.Range(0, count).ToArray();
            new SeededRandom(SeededRandom.Derive(_seed, (ulong)key.Stream, key.Pass)).Shuffle(o.AsSpan());
            return o;
        });
        return order[(int)(position % count)];
    }

    private int PerStream(Stream stream) => stream switch
    {
        Stream.SegLabeled => GlobalLayout.SegLabeled,
        Stream.SegUnlabeled => GlobalLayout.SegUnlabeled,
        Stream.ClsLabeled => GlobalLayout.ClsLabeled,
        _ => GlobalLayout.ClsUnlabeled,
    };

    private SeededRandom Augmentation(Stream stream, int epoch, int step, int i) =>
        new(SeededRandom.Derive(_seed, 100 + (ulong)stream, (ulong)epoch, (ulong)step, (ulong)i));
}
