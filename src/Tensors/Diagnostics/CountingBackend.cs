namespace MultiMix.Tensors.Diagnostics;

/// <summary>A backend that counts every kernel the wrapped one runs, by name (<see cref="Kernels"/>).</summary>
public sealed class CountingBackend(Backend.IBackend inner) : BackendDecorator(inner)
{
    public KernelCounter Kernels { get; } = new();

    protected override long Begin(BackendCall call)
    {
        Kernels.Add(call.Name);
        return 0;
    }

    protected override void End(BackendCall call, long token)
    {
    }
}
