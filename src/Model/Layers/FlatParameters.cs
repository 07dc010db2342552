using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Model.Layers;

/// <summary>
/// Every parameter of a module back to back in one storage (<see cref="Values"/>) and their gradients in another of
/// the same layout (<see cref="Gradients"/>), in <see cref="Module.NamedParameters"/> order. The parameters stay the
/// tensors the layers hold, now views of the first buffer (<see cref="Tensor.MoveInto"/>), and backward accumulates
/// into the second (<see cref="Tensor.AccumulateGradInto"/>): nothing is copied per step, the optimizer can update
/// the whole model in one launch (<see cref="Optim.Adam"/>), and data-parallel training averages one buffer per step.
/// Every process that builds the same model gets the same layout.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    private readonly Storage _values;
    private readonly Storage _gradients;

    private FlatParameters(IBackend backend, IReadOnlyList<FlatSlot> slots, long length)
    {
        Backend = backend;
        Slots = slots;
        Length = length;
        _values = backend.Allocate(length, DType.Float32);
        _gradients = backend.Allocate(length, DType.Float32);
        backend.Fill(_gradients, 0f);
    }

    public IBackend Backend { get; }

    /// <summary>Each parameter with its full name and the offset of its first element in both buffers.</summary>
    public IReadOnlyList<FlatSlot> Slots { get; }

    /// <summary>Elements in each buffer: the model's parameter count.</summary>
    public long Length { get; }

    /// <summary>The parameters' values, back to back.</summary>
    public Storage Values => Live(_values);

    /// <summary>The parameters' gradients, back to back: a parameter's <see cref="Tensor.Grad"/> is its range of this.</summary>
    public Storage Gradients => Live(_gradients);

    /// <summary>Whether the last backward pass reached every parameter (the ranges of the others hold stale values).</summary>
    public bool AllHaveGradients => Slots.All(s => s.Tensor.Grad is not null);

    /// <summary>Moves <paramref name="parameters"/> (all on <paramref name="backend"/>) into fresh flat buffers, in the order given.</summary>
    public static FlatParameters Gather(IBackend backend, IReadOnlyList<(string Name, Tensor Tensor)> parameters)
    {
        var slots = new List<FlatSlot>(parameters.Count);
        var offset = 0L;
        foreach (var (name, tensor) in parameters)
        {
            if (!ReferenceEquals(tensor.Backend, backend)) throw new ArgumentException($"parameter {name} is on {tensor.Backend.Name}, the buffer on {backend.Name}", nameof(parameters));
            slots.Add(new FlatSlot(name, tensor, offset));
            offset += tensor.Count;
        }
        var flat = new FlatParameters(backend, slots, offset);
        foreach (var slot in slots)
        {
            slot.Tensor.MoveInto(flat._values, slot.Offset);
            slot.Tensor.AccumulateGradInto(flat._gradients, slot.Offset);
        }
        return flat;
    }

    /// <summary>Frees both buffers; the parameter tensors (views of them) must be disposed first or not used again.</summary>
    public void Dispose()
    {
        _values.Dispose();
        _gradients.Dispose();
    }

    private static Storage Live(Storage storage) => storage.IsDisposed ? throw new ObjectDisposedException(nameof(FlatParameters)) : storage;
}
