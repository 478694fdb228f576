namespace DnsSuite.Protocol.Text;

/// <summary>One field of a zone-file line: its text (escapes kept as written), whether it was quoted, and where it was.</summary>
public readonly record struct ZoneToken(string Text, bool IsQuoted, int Line, int Column);
