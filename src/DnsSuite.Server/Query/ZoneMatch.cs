using DnsSuite.Zones;

namespace DnsSuite.Server.Query;

/// <summary>The result of looking a name up in one zone version.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Node">The matching node, wildcard, cut or DNAME owner; null for NXDOMAIN.</param>
/// <param name="OwnerOffset">For a referral or DNAME: where the cut's or DNAME's owner starts within the looked-up name.</param>
internal readonly record struct ZoneMatch(MatchKind Kind, ZoneNode? Node, int OwnerOffset);
