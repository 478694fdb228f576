using DnsSuite.Protocol.Records;

namespace DnsSuite.Secondary.Transfer;

/// <summary>One difference sequence of an IXFR answer (RFC 1995 §4): old SOA, records removed, new SOA, records added.</summary>
internal sealed record IxfrDiff(ResourceRecord FromSoa, IReadOnlyList<ResourceRecord> Removed, ResourceRecord ToSoa, IReadOnlyList<ResourceRecord> Added);
