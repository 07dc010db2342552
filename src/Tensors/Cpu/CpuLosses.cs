namespace MultiMix.Tensors.Cpu;

/// <summary>The MultiMix loss kernels: cross-entropy, the masked pseudo-label term, soft Dice and Bernoulli KL.</summary>
internal static unsafe class CpuLosses
{
    /// <summary>log Σ exp(row) computed stably, and the row's softmax written to <paramref name="probs"/> when given.</summary>
    private static double LogSumExp(float* row, int c, double* probs)
    {
        var max = float.NegativeInfinity;
        for (var k = 0; k < c; k++) max = Math.Max(max, row[k]);
        double sum = 0;
        for (var k = 0; k < c; k++) sum += Math.Exp(row[k] - max);
        if (probs is not null)
        {
            for (var k = 0; k < c; k++) probs[k] = Math.Exp(row[k] - max) / sum;
        }
        return max + Math.Log(sum);
    }

    public static void CrossEntropy(float* logits, int* labels, float* loss, int n, int c)
    {
        for (var i = 0; i < n; i++)
        {
            CheckLabel(labels[i], c);
            var row = logits + ((long)i * c);
            loss[i] = (float)(LogSumExp(row, c, null) - row[labels[i]]);
        }
    }

    public static void CrossEntropyBackward(float* logits, int* labels, float* dloss, float* dlogits, int n, int c)
    {
        var probs = stackalloc double[c];
        for (var i = 0; i < n; i++)
        {
            LogSumExp(logits + ((long)i * c), c, probs);
            for (var k = 0; k < c; k++)
            {
                dlogits[((long)i * c) + k] = (float)(dloss[i] * (probs[k] - (k == labels[i] ? 1 : 0)));
            }
        }
    }

    public static void PseudoLabelCrossEntropy(float* weak, float* strong, int* pseudo, float* mask, float* loss, int n, int c, float threshold)
    {
        var probs = stackalloc double[c];
        for (var i = 0; i < n; i++)
        {
            LogSumExp(weak + ((long)i * c), c, probs);
            var arg = 0;
            for (var k = 1; k < c; k++)
            {
                if (probs[k] > probs[arg]) arg = k;
            }
            pseudo[i] = arg;
            mask[i] = (float)probs[arg] >= threshold ? 1f : 0f;
            var row = strong + ((long)i * c);
            loss[i] = mask[i] == 0f ? 0f : (float)(LogSumExp(row, c, null) - row[arg]);
        }
    }

    public static void PseudoLabelCrossEntropyBackward(float* strong, int* pseudo, float* mask, float* dloss, float* dstrong, int n, int c)
    {
        var probs = stackalloc double[c];
        for (var i = 0; i < n; i++)
        {
            LogSumExp(strong + ((long)i * c), c, probs);
            var scale = dloss[i] * mask[i];
            for (var k = 0; k < c; k++)
            {
                dstrong[((long)i * c) + k] = (float)(scale * (probs[k] - (k == pseudo[i] ? 1 : 0)));
            }
        }
    }

    public static void DiceLoss(float* logits, float* target, float* loss, int n, long hw)
    {
        for (var i = 0; i < n; i++)
        {
            var (inter, sumP, sumY) = DiceSums(logits + (i * hw), target + (i * hw), hw);
            loss[i] = (float)(1 - (((2 * inter) + 1) / (sumP + sumY + 1)));
        }
    }

    public static void DiceLossBackward(float* logits, float* target, float* dloss, float* dlogits, int n, long hw)
    {
        for (var i = 0; i < n; i++)
        {
            var s = logits + (i * hw);
            var t = target + (i * hw);
            var (inter, sumP, sumY) = DiceSums(s, t, hw);
            var num = (2 * inter) + 1;
            var den = sumP + sumY + 1;
            for (long k = 0; k < hw; k++)
            {
                var p = Sigmoid(s[k]);
                var dLdP = -((2 * t[k] * den) - num) / (den * den);
                dlogits[(i * hw) + k] = (float)(dloss[i] * dLdP * p * (1 - p));
            }
        }
    }

    public static void BernoulliKl(float* a, float* b, float* y, long n) => CpuParallel.For(n, 1 << 15, (s, e) =>
    {
        for (var k = s; k < e; k++)
        {
            double x = a[k], z = b[k];
            y[k] = (float)((Sigmoid(x) * (x - z)) - Softplus(x) + Softplus(z));
        }
    });

    public static void BernoulliKlBackward(float* a, float* b, float* dy, float* da, float* db, long n) => CpuParallel.For(n, 1 << 15, (s, e) =>
    {
        for (var k = s; k < e; k++)
        {
            double x = a[k], z = b[k];
            var p = Sigmoid(x);
            if (da is not null) da[k] = (float)(dy[k] * p * (1 - p) * (x - z));
            if (db is not null) db[k] = (float)(dy[k] * (Sigmoid(z) - p));
        }
    });

    private static (double Inter, double SumP, double SumY) DiceSums(float* logits, float* target, long hw)
    {
        double inter = 0, sumP = 0, sumY = 0;
        for (long k = 0; k < hw; k++)
        {
            var p = Sigmoid(logits[k]);
            inter += p * target[k];
            sumP += p;
            sumY += target[k];
        }
        return (inter, sumP, sumY);
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log(1 + e^x) without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static void CheckLabel(int label, int classes)
    {
        if ((uint)label >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(label), $"Label {label} is outside 0..{classes - 1}.");
    }
}
