using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Updates;

/// <summary>
/// A dynamic update (RFC 2136) after the checks that need no zone data (§3.1.1, the prescans of §3.2 and §3.4.1):
/// the zone, and the prerequisite and update sections as received. Every record is inside <paramref name="Zone"/>,
/// and each has one of the forms of §2.4 (prerequisites: class ANY, NONE or IN) and §2.5 (updates: class IN adds,
/// ANY deletes an RRset or every RRset at a name, NONE deletes one RR).
/// </summary>
/// <param name="Source">Who sent it, for the log: peer address and TSIG key.</param>
public sealed record UpdateRequest(DomainName Zone, IReadOnlyList<ResourceRecord> Prerequisites, IReadOnlyList<ResourceRecord> Updates, string Source);
