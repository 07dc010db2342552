namespace MultiMix.Tensors.Autograd;

/// <summary>
/// One recorded op: its inputs and how to turn the gradient of its output into gradients of those inputs.
/// The backward function is asked only for the inputs that need a gradient, so work for the others is skipped.
/// </summary>
/// <param name="Name">Op name, for error messages and tests.</param>
/// <param name="Inputs">The op's tensor inputs, in order.</param>
/// <param name="Backward">Given the output gradient and which inputs need one, returns a gradient per input (null where not needed).</param>
public sealed record GradNode(string Name, Tensor[] Inputs, Func<Tensor, bool[], Tensor?[]> Backward);
