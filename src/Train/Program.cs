namespace MultiMix.Train;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("multimix: commands arrive with the training issue; nothing to run yet.");
        return 2;
    }
}
