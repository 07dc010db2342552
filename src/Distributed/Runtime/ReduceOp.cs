namespace MultiMix.Distributed.Runtime;

/// <summary>The reductions a communicator applies element by element across ranks.</summary>
public enum ReduceOp
{
    Sum,
    Max,
    Min,
}
