namespace MultiMix.Tensors.Backend;

/// <summary>Elementwise functions of one tensor; <c>alpha</c> parameterises the ones that take a scalar.</summary>
public enum UnaryOp
{
    /// <summary>y = alpha·x.</summary>
    Scale,
    /// <summary>y = x + alpha.</summary>
    AddScalar,
    /// <summary>y = |x|.</summary>
    Abs,
    /// <summary>y = 1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>y = x for x &gt; 0, alpha·x otherwise.</summary>
    LeakyRelu,
    /// <summary>y = e^x.</summary>
    Exp,
    /// <summary>y = ln x.</summary>
    Log,
}

/// <summary>Elementwise functions of two tensors of the same shape.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
}
