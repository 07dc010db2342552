using System.Diagnostics;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// A backend that times every primitive the wrapped one runs and sums the time, flops and bytes by op family
/// (<see cref="Families"/>) and, for convolutions, by layer and direction (<see cref="Layers"/>); and that watches
/// the bytes in use so it can say what held them at the peak (<see cref="Peak"/>): each storage is put down to
/// the first op that wrote it, the block of the network that op ran in (the block of the latest forward
/// convolution) and the <see cref="ProfileRegion"/> it ran in. Parameters and optimizer state are named by the
/// caller (<see cref="NameParameters"/>, <see cref="Label"/>). Host work (data loading) is timed with
/// <see cref="Measure"/>. It serves one training thread. On a device that queues work, pass its synchronisation so
/// each op is timed to its end.
/// </summary>
public sealed class ProfilingBackend : BackendDecorator
{
    /// <summary>The region a training step's backward pass runs in: what it writes is a gradient.</summary>
    public const string BackwardRegion = "backward";

    /// <summary>The region of the saliency pass, whose op time is reported apart.</summary>
    public const string SaliencyRegion = "saliency";

    private readonly Action? _synchronize;
    private readonly IMemoryPool? _memory;
    private readonly Dictionary<string, OpTotals> _families = [];
    private readonly Dictionary<string, ConvLayerTotals> _layers = [];
    private readonly Dictionary<Storage, string> _parameterLayers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Storage, string> _convInputs = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Storage, MemoryHolder> _holders = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Storage, string> _labels = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Storage> _dropoutMasks = new(ReferenceEqualityComparer.Instance);
    private string _block = "inputs";
    private long _peakSeen;

    public ProfilingBackend(IBackend inner, Action? synchronize = null) : base(inner)
    {
        _synchronize = synchronize;
        _memory = MemoryOf(inner);
    }

    /// <summary>Totals by op family since <see cref="Restart"/>.</summary>
    public IReadOnlyDictionary<string, OpTotals> Families => _families;

    /// <summary>Convolution totals by layer since <see cref="Restart"/>.</summary>
    public IReadOnlyDictionary<string, ConvLayerTotals> Layers => _layers;

    /// <summary>What held the bytes in use at their highest point since <see cref="Restart"/> (null before any op).</summary>
    public MemorySnapshot? Peak { get; private set; }

    /// <summary>The pool's own peak since <see cref="Restart"/>, exact to the byte (null when the backend keeps no figures).</summary>
    public long? PoolPeakBytes => _memory?.PeakBytesInUse;

    /// <summary>Names convolution and linear layers after their weights' state_dict names ("encoder.dconv_down1.0.weight" → "encoder.dconv_down1.0").</summary>
    public void NameParameters(IEnumerable<(string Name, Tensor Tensor)> parameters)
    {
        foreach (var (name, tensor) in parameters)
        {
            const string suffix = ".weight";
            if (name.EndsWith(suffix, StringComparison.Ordinal)) _parameterLayers[tensor.Storage] = name[..^suffix.Length];
            _labels[tensor.Storage] = "parameters";
            _holders.Remove(tensor.Storage);
        }
    }

    /// <summary>Puts the memory of <paramref name="tensors"/> down to <paramref name="holder"/> (e.g. "Adam moments").</summary>
    public void Label(IEnumerable<Tensor> tensors, string holder)
    {
        foreach (var t in tensors)
        {
            _labels[t.Storage] = holder;
            _holders.Remove(t.Storage);
        }
    }

    /// <summary>Forgets the totals and the peak so far (after a warm-up step).</summary>
    public void Restart()
    {
        _families.Clear();
        _layers.Clear();
        Prune();
        _memory?.ResetPeak();
        _peakSeen = _memory?.BytesInUse ?? 0;
        Peak = null;
    }

    /// <summary>Times host work of <paramref name="family"/> (for example the wait for the next batch) until disposed.</summary>
    public HostTimer Measure(string family) => new(this, family, Stopwatch.GetTimestamp());

    internal void AddHost(string family, double seconds) => Totals(_families, family).Add(seconds, 0, 0);

    protected override long Begin(BackendCall call)
    {
        Attribute(call);
        if (_memory is { } m && m.BytesInUse > _peakSeen)
        {
            _peakSeen = m.BytesInUse;
            Peak = Snapshot(m);
        }
        _synchronize?.Invoke();
        return Stopwatch.GetTimestamp();
    }

    protected override void End(BackendCall call, long token)
    {
        _synchronize?.Invoke();
        var seconds = Stopwatch.GetElapsedTime(token).TotalSeconds;
        var region = ProfileRegion.Current;
        var family = OpFamilies.Of(call, _dropoutMasks);
        Totals(_families, region == SaliencyRegion ? $"{SaliencyRegion}: {family}" : family).Add(seconds, call.Flops, call.Bytes);
        if (call.Conv is { } g)
        {
            var layer = call.Op switch
            {
                BackendOp.Conv2dBackwardWeight => _convInputs.GetValueOrDefault(call.Reads[1]),
                _ => _parameterLayers.GetValueOrDefault(call.Reads[1]),
            } ?? $"{g.InChannels}→{g.OutChannels} {g.Kernel}×{g.Kernel} @{g.Height}×{g.Width}";
            if (!_layers.TryGetValue(layer, out var totals)) _layers[layer] = totals = new ConvLayerTotals(g);
            totals.Of(call.Op).Add(seconds, call.Flops, call.Bytes);
        }
    }

    private void Attribute(BackendCall call)
    {
        var region = ProfileRegion.Current;
        if (call.Op == BackendOp.Conv2d && _parameterLayers.TryGetValue(call.Reads[1], out var layer))
        {
            _convInputs[call.Reads[0]] = layer;
            _block = BlockOf(layer);
        }
        if (call.Op == BackendOp.Dropout) _dropoutMasks.Add(call.Writes[1]);
        for (var i = 0; i < call.Writes.Length; i++)
        {
            var w = call.Writes[i];
            if (_labels.ContainsKey(w) || _holders.ContainsKey(w)) continue;
            var gradient = region == BackwardRegion || call.Op.ToString().Contains("Backward", StringComparison.Ordinal);
            var kind = gradient ? "gradients in flight" : OpFamilies.HolderKind(call.Op, i);
            var block = gradient || kind is "inputs" ? "" : region == SaliencyRegion ? $"{SaliencyRegion}: {_block}" : _block;
            _holders[w] = new MemoryHolder(kind, block);
        }
    }

    private MemorySnapshot Snapshot(IMemoryPool m)
    {
        Prune();
        var held = new Dictionary<MemoryHolder, long>();
        // A buffer whose views are tracked (the flat parameters, gradients and moments) is counted through its views.
        var viewed = _holders.Keys.Concat(_labels.Keys).Select(s => s.Parent).OfType<Storage>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var (storage, holder) in _holders)
        {
            if (!viewed.Contains(storage)) held[holder] = held.GetValueOrDefault(holder) + Bytes(storage);
        }
        foreach (var (storage, label) in _labels)
        {
            if (viewed.Contains(storage)) continue;
            var holder = new MemoryHolder(label, "");
            held[holder] = held.GetValueOrDefault(holder) + Bytes(storage);
        }
        return new MemorySnapshot(m.BytesInUse, m.BytesReserved, ProfileRegion.Current, held);
    }

    private static long Bytes(Storage s) => s.Length * sizeof(float);

    private void Prune()
    {
        Remove(_holders);
        Remove(_labels);
        Remove(_convInputs);
        _dropoutMasks.RemoveWhere(s => s.IsDisposed);

        static void Remove<T>(Dictionary<Storage, T> map)
        {
            foreach (var s in map.Keys.Where(s => s.IsDisposed).ToList()) map.Remove(s);
        }
    }

    /// <summary>"encoder.dconv_down1.0" → "encoder.dconv_down1"; a layer outside a block is its own block.</summary>
    private static string BlockOf(string layer)
    {
        var dot = layer.LastIndexOf('.');
        return dot > 0 && layer[(dot + 1)..].All(char.IsAsciiDigit) ? layer[..dot] : layer;
    }

    private static OpTotals Totals(Dictionary<string, OpTotals> map, string key)
    {
        if (!map.TryGetValue(key, out var t)) map[key] = t = new OpTotals();
        return t;
    }

    /// <summary>Adds the time from its creation to its disposal to an op family.</summary>
    public readonly struct HostTimer(ProfilingBackend owner, string family, long started) : IDisposable
    {
        public void Dispose() => owner.AddHost(family, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
