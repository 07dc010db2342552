using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>The decorators (counting, and the base every decorator shares) pass every primitive through unchanged.</summary>
public sealed class DecoratorTests
{
    [Fact]
    public void Every_backend_primitive_has_an_op_name_and_every_op_name_is_a_primitive()
    {
        var members = typeof(IBackend).GetMethods().Select(m => m.Name).Where(n => n is not (nameof(IBackend.Allocate) or nameof(IDisposable.Dispose)) && !n.StartsWith("get_", StringComparison.Ordinal));
        Assert.Equal(members.Distinct().Order(StringComparer.Ordinal), Enum.GetNames<BackendOp>().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void A_counted_training_step_computes_what_the_plain_one_does_and_counts_each_kernel(string backendName)
    {
        using var device = Backends.Create(backendName);
        var counting = new CountingBackend(device);
        var (plainLoss, plainGrads) = Step(device);
        var (countedLoss, countedGrads) = Step(counting);
        Assert.Equal(plainLoss, countedLoss);
        Assert.Equal(plainGrads, countedGrads);
        var k = counting.Kernels;
        Assert.Equal(2, k["Conv2d"]);
        Assert.Equal(1, k["Conv2dBackwardData"]);
        Assert.Equal(2, k["Conv2dBackwardWeight"]);
        Assert.Equal(2, k["InstanceNorm"]);
        Assert.Equal(1, k["Dropout"]);
        Assert.Equal(1, k["MaxPool2x2Backward"]);
        Assert.Equal(3, k["AdamStep"]);
        Assert.Equal(0, k["Unary.Sigmoid"]);
        Assert.Same(device, BackendDecorator.MemoryOf(counting));
        Assert.Equal(0, BackendDecorator.MemoryOf(counting)!.BytesInUse);
    }

    /// <summary>A small conv net's forward, backward and Adam update; returns the loss and the updated weights.</summary>
    private static (float Loss, float[][] Weights) Step(IBackend backend)
    {
        var r = new HostRandom(4);
        var w1 = Tensor.Parameter(backend, "w1", r.Uniform(4 * 9, -0.3f, 0.3f), 4, 1, 3, 3);
        var w2 = Tensor.Parameter(backend, "w2", r.Uniform(4 * 4 * 9, -0.1f, 0.1f), 4, 4, 3, 3);
        var fc = Tensor.Parameter(backend, "fc", r.Uniform(8, -0.3f, 0.3f), 2, 4);
        Tensor[] parameters = [w1, w2, fc];
        var moments = parameters.SelectMany(p => new[] { Tensor.EmptyPersistent(backend, p.Shape), Tensor.EmptyPersistent(backend, p.Shape) }).ToArray();
        foreach (var m in moments) backend.Fill(m.Storage, 0f);
        float loss;
        using (new TensorScope())
        {
            var x = Tensor.FromArray(backend, r.Uniform(2 * 8 * 8), 2, 1, 8, 8);
            var h = F.Dropout(F.InstanceNorm(F.Conv2d(x, w1, null), 1e-5f, 0.2f), 0.25f, true, new RandomStream(1));
            h = F.MaxPool2x2(F.InstanceNorm(F.Conv2d(h, w2, null), 1e-5f, 0.2f));
            var l = F.CrossEntropy(F.Linear(F.GlobalAvgPool(h), fc, null), Tensor.FromArray(backend, [0, 1], 2));
            Backprop.Backward(l);
            loss = l.Item();
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            backend.AdamStep(p.Storage, p.Grad!.Storage, moments[2 * i].Storage, moments[(2 * i) + 1].Storage, p.Count, 1e-3f, 0.9f, 0.999f, 1e-8f, 1);
        }
        var weights = parameters.Select(p => p.ToArray()).ToArray();
        foreach (var t in parameters.Concat(moments)) t.Dispose();
        return (loss, weights);
    }
}
