namespace DnsSuite.Protocol.Tsig;

/// <summary>A key file is wrong: what, and where. The message never contains a secret.</summary>
public sealed class TsigKeyFileException : Exception
{
    public TsigKeyFileException(string reason, string file, int line, int column)
        : base($"{file}:{line}:{column}: {reason}")
    {
        Reason = reason;
        File = file;
        Line = line;
        Column = column;
    }

    public string Reason { get; }

    public string File { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }
}
