namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>A codec failure found by fuzzing, carrying the input that caused it.</summary>
public sealed class CodecFuzzException : Exception
{
    public CodecFuzzException(byte[] input, string problem, Exception? inner = null)
        : base($"{problem}\ninput: {Convert.ToHexString(input)}", inner)
    {
        Input = input;
    }

    public byte[] Input { get; }
}
