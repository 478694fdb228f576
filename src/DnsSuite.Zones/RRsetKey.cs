using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>An owner name (compared ignoring case) and type.</summary>
internal readonly record struct RRsetKey(DomainName Name, RecordType Type);
