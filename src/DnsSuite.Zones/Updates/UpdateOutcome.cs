using DnsSuite.Protocol;

namespace DnsSuite.Zones.Updates;

/// <summary>The RCODE an UPDATE is answered with (RFC 2136 §3.8) and, for the log, why.</summary>
public sealed record UpdateOutcome(ResponseCode ResponseCode, string Detail);
