namespace DnsSuite.Protocol.Text;

/// <summary>A zone-file or presentation-format error, with the position it was found at.</summary>
public sealed class ZoneFormatException : FormatException
{
    public ZoneFormatException(string reason, string? file, int line, int column)
        : base(Describe(Excerpt.Bound(reason), file, line, column))
    {
        Reason = Excerpt.Bound(reason);
        File = file;
        Line = line;
        Column = column;
    }

    public string Reason { get; }

    public string? File { get; }

    public int Line { get; }

    public int Column { get; }

    private static string Describe(string reason, string? file, int line, int column) =>
        line <= 0 ? reason : $"{file ?? "<input>"}:{line}:{column}: {reason}";
}
