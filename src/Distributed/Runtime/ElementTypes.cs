namespace MultiMix.Distributed.Runtime;

/// <summary>The element types collectives accept: int, long, float and double, and bytes for broadcasts.</summary>
internal static class ElementTypes
{
    public static void RequireReducible<T>()
        where T : unmanaged
    {
        if (typeof(T) != typeof(int) && typeof(T) != typeof(long) && typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"reductions take int, long, float or double elements, not {typeof(T).Name}");
        }
    }

    public static void RequireTransferable<T>()
        where T : unmanaged
    {
        if (typeof(T) != typeof(byte)) RequireReducible<T>();
    }
}
