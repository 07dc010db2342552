namespace MultiMix.Tensors.Autograd;

/// <summary>Whether ops record themselves for backward on this thread (on by default).</summary>
public static class GradMode
{
    [ThreadStatic]
    private static int s_disabledDepth;

    public static bool IsEnabled => s_disabledDepth == 0;

    /// <summary>Turns recording off until the returned handle is disposed (inference, optimiser updates).</summary>
    public static IDisposable NoGrad()
    {
        var previous = s_disabledDepth++;
        return new Restore(previous);
    }

    /// <summary>Turns recording on inside a no-grad region (an input gradient during inference) until disposed.</summary>
    public static IDisposable Enable()
    {
        var previous = s_disabledDepth;
        s_disabledDepth = 0;
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_disabledDepth = previous;
        }
    }
}
