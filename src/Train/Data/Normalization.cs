namespace MultiMix.Train.Data;

/// <summary>
/// Maps [0, 1] images to the network's input range [-1, 1] (design §4: every stream uses [-1, 1]).
/// </summary>
public static class Normalization
{
    public static void ToSignedUnit(ReadOnlySpan<float> unit, Span<float> destination)
    {
        if (destination.Length < unit.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, need {unit.Length}", nameof(destination));
        }

        for (var i = 0; i < unit.Length; i++)
        {
            destination[i] = (2f * unit[i]) - 1f;
        }
    }

    public static float[] ToSignedUnit(GrayImage image)
    {
        var result = new float[image.Pixels.Length];
        ToSignedUnit(image.Pixels, result);
        return result;
    }
}
