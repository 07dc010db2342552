namespace MultiMix.Train.Data;

/// <summary>A sample whose images can be copied, so a cache can hand out copies the caller owns.</summary>
public interface IImageSample<out TSelf>
{
    /// <summary>The same sample with every image copied.</summary>
    TSelf Copy();
}
