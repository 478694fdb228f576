using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The difference between two whole versions of a zone, as one <see cref="Changeset"/> (what IXFR serves from the
/// first to the second): every record of the first that the second lacks is removed, every record of the second
/// that the first lacks is added, and an RRset whose TTL changed is removed and added whole (IXFR carries the TTL
/// with every record). The apex SOA is in neither list. Nodes the versions share are skipped without a look.
/// </summary>
public static class ZoneDiff
{
    public static Changeset Between(ZoneVersion from, ZoneVersion to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Origin != to.Origin)
        {
            throw new ArgumentException($"versions of {from.Origin} and {to.Origin} are not of one zone", nameof(to));
        }

        var removed = new List<ResourceRecord>();
        var added = new List<ResourceRecord>();
        Collect(from, to, removed);
        Collect(to, from, added);
        removed.Sort(CompareRecords);
        added.Sort(CompareRecords);
        return new Changeset(from.Soa, to.Soa, to.SoaTtl, removed.ToArray(), added.ToArray());
    }

    /// <summary>Adds to <paramref name="missing"/> the records of <paramref name="version"/> that <paramref name="other"/> lacks, with their TTL.</summary>
    private static void Collect(ZoneVersion version, ZoneVersion other, List<ResourceRecord> missing)
    {
        foreach (ZoneNode node in version.EnumerateNodes())
        {
            other.TryGetNode(node.Name, out ZoneNode? otherNode);
            if (ReferenceEquals(node, otherNode))
            {
                continue;
            }

            bool apex = node.Name == version.Origin;
            foreach (RRset set in node)
            {
                if (apex && set.Type == RecordType.SOA)
                {
                    continue;
                }

                RRset? otherSet = otherNode?.Find(set.Type);
                bool sameTtl = otherSet is not null && otherSet.Ttl == set.Ttl;
                foreach (Rdata data in set)
                {
                    if (!sameTtl || !otherSet!.Contains(data))
                    {
                        missing.Add(new ResourceRecord(node.Name, set.Ttl, data));
                    }
                }
            }
        }
    }

    private static int CompareRecords(ResourceRecord a, ResourceRecord b)
    {
        int order = DomainName.CompareCanonical(a.Name, b.Name);
        if (order == 0)
        {
            order = ((ushort)a.Type).CompareTo((ushort)b.Type);
        }

        return order != 0 ? order : Rdata.CompareCanonical(a.Data, b.Data);
    }
}
