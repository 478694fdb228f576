using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// Folds consecutive changesets into one difference (RFC 1995 §5 allows an IXFR server to condense): a record
/// added and later removed within the span appears in neither list, and so does one removed and later added back.
/// A record is identified by owner, class, type, TTL and RDATA, as IXFR transfers the TTL with every record.
/// </summary>
public static class ChangesetCondenser
{
    public static Changeset Condense(IReadOnlyList<Changeset> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("there is nothing to condense", nameof(changes));
        }

        if (changes.Count == 1)
        {
            return changes[0];
        }

        var removed = new HashSet<ResourceRecord>();
        var added = new HashSet<ResourceRecord>();
        foreach (Changeset change in changes)
        {
            foreach (ResourceRecord record in change.Removed)
            {
                if (!added.Remove(record))
                {
                    removed.Add(record);
                }
            }

            foreach (ResourceRecord record in change.Added)
            {
                if (!removed.Remove(record))
                {
                    added.Add(record);
                }
            }
        }

        return new Changeset(changes[0].From, changes[^1].To, changes[^1].SoaTtl, Sorted(removed), Sorted(added));
    }

    private static ResourceRecord[] Sorted(HashSet<ResourceRecord> records)
    {
        ResourceRecord[] sorted = [.. records];
        Array.Sort(sorted, Compare);
        return sorted;
    }

    private static int Compare(ResourceRecord a, ResourceRecord b)
    {
        int order = DomainName.CompareCanonical(a.Name, b.Name);
        if (order == 0)
        {
            order = ((ushort)a.Type).CompareTo((ushort)b.Type);
        }

        if (order == 0)
        {
            order = a.Ttl.CompareTo(b.Ttl);
        }

        return order != 0 ? order : Rdata.CompareCanonical(a.Data, b.Data);
    }
}
