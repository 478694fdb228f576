namespace DnsSuite.Protocol.Text;

/// <summary>
/// One logical zone-file entry: its tokens (parenthesised continuations joined), whether it began
/// with white space (owner omitted, RFC 1035 §5.1), and the line it started on.
/// </summary>
public sealed record ZoneLine(IReadOnlyList<ZoneToken> Tokens, bool StartsWithBlank, int Line);
