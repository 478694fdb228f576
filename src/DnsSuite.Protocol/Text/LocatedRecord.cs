using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Text;

/// <summary>A record of a zone file and where it was read: its file (null for text without one) and line.</summary>
public readonly record struct LocatedRecord(ResourceRecord Record, string? File, int Line);
