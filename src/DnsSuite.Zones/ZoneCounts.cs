namespace DnsSuite.Zones;

/// <summary>Totals kept up to date by <see cref="ZoneEditor"/> so a version answers them in O(1).</summary>
/// <param name="Records">Records in all RRsets, the SOA included.</param>
/// <param name="Delegations">Nodes below the apex holding NS.</param>
/// <param name="Dnames">Nodes holding DNAME.</param>
/// <param name="Wildcards">Nodes whose first label is <c>*</c>, empty non-terminals included.</param>
internal readonly record struct ZoneCounts(int Records, int Delegations, int Dnames, int Wildcards);
