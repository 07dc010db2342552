using System.Collections;

namespace MultiMix.Tensors;

/// <summary>An immutable list of dimension sizes, outermost first (NCHW for images).</summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    public Shape(params int[] dims)
    {
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"Shape dimensions must be non-negative, got [{string.Join(", ", dims)}].");
        }
        _dims = (int[])dims.Clone();
        long count = 1;
        foreach (var d in _dims) count *= d;
        Count = count;
    }

    /// <summary>Number of elements.</summary>
    public long Count { get; }

    public int Rank => _dims.Length;

    public int this[int axis] => _dims[axis < 0 ? axis + _dims.Length : axis];

    int IReadOnlyCollection<int>.Count => _dims.Length;

    /// <summary>Product of the dimensions in [from, to).</summary>
    public long Product(int from, int to)
    {
        long p = 1;
        for (var i = from; i < to; i++) p *= _dims[i];
        return p;
    }

    /// <summary>Splits the shape around <paramref name="axis"/> into (outer, axis size, inner) for strided kernels.</summary>
    public (long Outer, int Axis, long Inner) Around(int axis)
    {
        var a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank) throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
        return (Product(0, a), _dims[a], Product(a + 1, Rank));
    }

    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>This shape with dimension <paramref name="axis"/> replaced by <paramref name="size"/>.</summary>
    public Shape With(int axis, int size)
    {
        var d = ToArray();
        d[axis < 0 ? axis + Rank : axis] = size;
        return new Shape(d);
    }

    /// <summary>This shape without dimension <paramref name="axis"/>.</summary>
    public Shape Without(int axis)
    {
        var a = axis < 0 ? axis + Rank : axis;
        return new Shape([.. _dims[..a], .. _dims[(a + 1)..]]);
    }

    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    public override bool Equals(object? obj) => Equals(obj as Shape);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _dims) + "]";
}
