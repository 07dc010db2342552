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
        s_disabledDepth++;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_disabledDepth--;
        }
    }
}
