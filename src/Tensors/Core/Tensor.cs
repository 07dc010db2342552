using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors;

/// <summary>
/// An n-dimensional array on one backend's device. Its memory is never exposed: values reach the host only
/// through an explicit copy (<see cref="ToArray"/>) and come from it only through an explicit upload
/// (<see cref="FromArray(IBackend, float[], int[])"/>). Tensors created inside a <see cref="TensorScope"/> are
/// disposed with it; the rest are disposed by their owner.
/// </summary>
public sealed class Tensor : IDisposable
{
    private Storage? _storage;
    private bool _requiresGrad;
    private int _saves;
    private bool _released;

    /// <summary>Where this leaf's gradient accumulates when the caller gave it a place (<see cref="AccumulateGradInto"/>).</summary>
    private Tensor? _gradBuffer;

    private Tensor(IBackend backend, Shape shape, DType dtype, bool scoped)
        : this(backend, shape, dtype, backend.Allocate(shape.Count, dtype), scoped)
    {
    }

    private Tensor(IBackend backend, Shape shape, DType dtype, Storage storage, bool scoped)
    {
        Backend = backend;
        Shape = shape;
        DType = dtype;
        _storage = storage;
        if (scoped) TensorScope.Current?.Adopt(this);
    }

    public IBackend Backend { get; }

    public Shape Shape { get; }

    public DType DType { get; }

    /// <summary>Name used in checkpoints and error messages (parameters carry their state_dict name).</summary>
    public string? Name { get; set; }

    public long Count => Shape.Count;

    public int Rank => Shape.Rank;

    public bool IsDisposed => _storage is null;

    /// <summary>The recorded op that produced this tensor, while its graph is alive.</summary>
    public GradNode? Node { get; internal set; }

    /// <summary>True when this is a leaf whose gradient is wanted, or the output of a recorded op.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad || Node is not null;
        set
        {
            if (Node is not null) throw new InvalidOperationException("RequiresGrad can only be set on leaf tensors.");
            if (value && DType != DType.Float32) throw new InvalidOperationException("Only float tensors can require gradients.");
            _requiresGrad = value;
        }
    }

    /// <summary>True for tensors not produced by a recorded op.</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Accumulated gradient of a leaf (persistent; cleared with <see cref="ZeroGrad"/>).</summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>Set on tensors whose graph was freed by a backward pass, so a second pass can say why it fails.</summary>
    internal bool GraphFreed { get; set; }

    /// <summary>The opaque device handle backend primitives take (no host access through it).</summary>
    public Storage Storage => _storage ?? throw new ObjectDisposedException(nameof(Tensor),
        _released ? $"Tensor {Describe()} was used after it was released." : $"Tensor {Describe()} was used after it was disposed.");

    // ---- creation ----

    /// <summary>An uninitialised tensor, owned by the current scope if one is open.</summary>
    public static Tensor Empty(IBackend backend, Shape shape, DType dtype = DType.Float32) => new(backend, shape, dtype, scoped: true);

    /// <summary>An uninitialised tensor that no scope owns (parameters, gradients, optimiser state).</summary>
    public static Tensor EmptyPersistent(IBackend backend, Shape shape, DType dtype = DType.Float32) => new(backend, shape, dtype, scoped: false);

    public static Tensor Zeros(IBackend backend, params int[] shape) => Full(backend, 0f, shape);

    public static Tensor Full(IBackend backend, float value, params int[] shape)
    {
        var t = Empty(backend, new Shape(shape));
        backend.Fill(t.Storage, value);
        return t;
    }

    public static Tensor FromArray(IBackend backend, float[] data, params int[] shape)
    {
        var s = new Shape(shape);
        if (s.Count != data.Length) throw new ArgumentException($"{data.Length} values cannot fill shape {s}.");
        var t = Empty(backend, s);
        backend.Upload(data, t.Storage);
        return t;
    }

    public static Tensor FromArray(IBackend backend, int[] data, params int[] shape)
    {
        var s = new Shape(shape);
        if (s.Count != data.Length) throw new ArgumentException($"{data.Length} values cannot fill shape {s}.");
        var t = Empty(backend, s, DType.Int32);
        backend.Upload(data, t.Storage);
        return t;
    }

    /// <summary>
    /// A float tensor over elements [<paramref name="offset"/>, offset + shape's count) of <paramref name="buffer"/>
    /// (a <see cref="Storage.View"/>: nothing is copied), which no scope owns. The buffer must outlive it; disposing
    /// the tensor leaves the buffer alone. One storage then holds many tensors back to back (an optimizer's moments).
    /// </summary>
    public static Tensor ViewOf(Storage buffer, long offset, Shape shape)
    {
        if (buffer.DType != DType.Float32) throw new ArgumentException($"a tensor view needs a float buffer, not {buffer.DType}", nameof(buffer));
        return new Tensor(buffer.Backend, shape, DType.Float32, buffer.View(offset, shape.Count), scoped: false);
    }

    /// <summary>A new leaf that requires a gradient, owned by the caller (a model parameter).</summary>
    public static Tensor Parameter(IBackend backend, string name, float[] data, params int[] shape)
    {
        var s = new Shape(shape);
        if (s.Count != data.Length) throw new ArgumentException($"{data.Length} values cannot fill parameter {name} of shape {s}.");
        var t = EmptyPersistent(backend, s);
        backend.Upload(data, t.Storage);
        t.Name = name;
        t.RequiresGrad = true;
        return t;
    }

    // ---- host copies ----

    public float[] ToArray()
    {
        if (DType != DType.Float32) throw new InvalidOperationException($"Tensor {Describe()} holds {DType}; use ToIntArray.");
        var data = new float[Count];
        Backend.Download(Storage, data);
        return data;
    }

    public int[] ToIntArray()
    {
        if (DType != DType.Int32) throw new InvalidOperationException($"Tensor {Describe()} holds {DType}; use ToArray.");
        var data = new int[Count];
        Backend.Download(Storage, data);
        return data;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Count != 1) throw new InvalidOperationException($"Item() needs one element; tensor {Describe()} has {Count}.");
        return ToArray()[0];
    }

    /// <summary>Overwrites this tensor's values from the host (no autograd record).</summary>
    public void CopyFrom(ReadOnlySpan<float> data)
    {
        if (data.Length != Count) throw new ArgumentException($"{data.Length} values cannot fill tensor {Describe()}.");
        Backend.Upload(data, Storage);
    }

    /// <summary>A copy on the same backend that shares no graph (a constant), owned by the current scope.</summary>
    public Tensor Detach()
    {
        var t = Empty(Backend, Shape, DType);
        Backend.CopyBlocks(Storage, 0, 0, t.Storage, 0, 0, Count, 1);
        return t;
    }

    /// <summary>The same values with another shape of equal size (a copy that autograd follows).</summary>
    public Tensor Reshape(params int[] shape) => F.Reshape(this, shape);

    /// <summary>
    /// Moves this leaf's values into elements [<paramref name="offset"/>, offset + <see cref="Count"/>) of
    /// <paramref name="buffer"/> and makes that range its storage from now on (its own is released): the tensor
    /// stays the same object, so whoever holds it (a layer holding its weight) now reads and writes the buffer.
    /// This is how a module gathers its parameters into one flat buffer. The buffer must belong to the backend that
    /// owns this tensor's memory (under a decorator such as the profiler, the device it wraps).
    /// </summary>
    public void MoveInto(Storage buffer, long offset)
    {
        if (!IsLeaf || DType != DType.Float32) throw new InvalidOperationException($"only a float leaf can move into a buffer, not {Describe()}");
        if (!ReferenceEquals(buffer.Backend, Storage.Backend)) throw new ArgumentException($"a buffer of {buffer.Backend.Name} cannot hold {Describe()}", nameof(buffer));
        var view = buffer.View(offset, Count);
        Backend.CopyBlocks(Storage, 0, 0, view, 0, 0, Count, 1);
        _storage!.Dispose();
        _storage = view;
    }

    /// <summary>
    /// Makes elements [<paramref name="offset"/>, offset + <see cref="Count"/>) of <paramref name="buffer"/> the place
    /// this leaf's gradient accumulates: <see cref="Grad"/> is then a tensor over that range (null until a backward
    /// pass reaches the leaf, as before), and <see cref="ZeroGrad"/> keeps the range for the next step. With every
    /// parameter's range in one buffer, a step's gradients are one buffer (what data-parallel training all-reduces).
    /// </summary>
    public void AccumulateGradInto(Storage buffer, long offset)
    {
        if (!IsLeaf || !RequiresGrad) throw new InvalidOperationException($"only a leaf that requires a gradient accumulates one, not {Describe()}");
        if (!ReferenceEquals(buffer.Backend, Storage.Backend)) throw new ArgumentException($"a buffer of {buffer.Backend.Name} cannot hold the gradient of {Describe()}", nameof(buffer));
        var place = ViewOf(buffer, offset, Shape);
        place.Name = Name is null ? null : Name + ".grad";
        ZeroGrad();
        _gradBuffer?.Dispose();
        _gradBuffer = place;
    }

    /// <summary>Drops the accumulated gradient (a gradient with a place of its own keeps the place).</summary>
    public void ZeroGrad()
    {
        if (!ReferenceEquals(Grad, _gradBuffer)) Grad?.Dispose();
        Grad = null;
    }

    internal void AccumulateGrad(Tensor g)
    {
        if (Grad is null)
        {
            Grad = _gradBuffer ?? EmptyPersistent(Backend, Shape);
            Grad.Name ??= Name is null ? null : Name + ".grad";
            Backend.CopyBlocks(g.Storage, 0, 0, Grad.Storage, 0, 0, Count, 1);
        }
        else
        {
            Backend.Axpy(1f, g.Storage, Grad.Storage, Count);
        }
    }

    /// <summary>
    /// Says that the caller will not read this tensor again: its memory goes back to the backend now, or, when
    /// recorded ops saved it for their backward, as soon as the last of those has run. The tensor stays in the
    /// graph (its shape and the op that made it), so gradients still flow through it. Idempotent.
    /// </summary>
    public void Release()
    {
        _released = true;
        if (_saves == 0) FreeStorage();
    }

    internal void Save() => _saves++;

    internal void Unsave()
    {
        _saves--;
        if (_saves == 0 && _released) FreeStorage();
    }

    private void FreeStorage()
    {
        _storage?.Dispose();
        _storage = null;
    }

    public string Describe() => $"{Name ?? "tensor"}{Shape} {DType} on {Backend.Name}";

    public override string ToString() => Describe();

    public void Dispose()
    {
        FreeStorage();
        Node?.ReleaseSaved();
        Node = null;
        ZeroGrad();
        _gradBuffer?.Dispose();
        _gradBuffer = null;
    }

    public static Tensor operator +(Tensor a, Tensor b) => F.Add(a, b);

    public static Tensor operator -(Tensor a, Tensor b) => F.Sub(a, b);

    public static Tensor operator *(Tensor a, Tensor b) => F.Mul(a, b);

    public static Tensor operator /(Tensor a, Tensor b) => F.Div(a, b);

    public static Tensor operator *(Tensor a, float s) => F.Scale(a, s);

    public static Tensor operator *(float s, Tensor a) => F.Scale(a, s);

    public static Tensor operator +(Tensor a, float s) => F.AddScalar(a, s);

    public static Tensor operator -(Tensor a, float s) => F.AddScalar(a, -s);

    public static Tensor operator -(Tensor a) => F.Scale(a, -1f);
}
