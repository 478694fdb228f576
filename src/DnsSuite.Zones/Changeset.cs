using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The difference between two consecutive versions, as IXFR serves it (RFC 1995 §4): the SOA
/// before and after, the records removed and the records added. The SOA itself is in neither list.
/// </summary>
public sealed class Changeset
{
    public Changeset(SoaRdata from, SoaRdata to, uint soaTtl, IReadOnlyList<ResourceRecord> removed, IReadOnlyList<ResourceRecord> added)
    {
        From = from;
        To = to;
        SoaTtl = soaTtl;
        Removed = removed;
        Added = added;
        // Measured here, while the records are fresh in the cache: a journal appends the changeset only when its run
        // of records is published, a thousand messages later.
        WireSize = SizeOf(removed) + SizeOf(added) + 2 * (from.CanonicalWireLength() + 10);
    }

    public SoaRdata From { get; }

    public SoaRdata To { get; }

    /// <summary>The TTL of the SOA of the new version.</summary>
    public uint SoaTtl { get; }

    /// <summary>Removed records in canonical order.</summary>
    public IReadOnlyList<ResourceRecord> Removed { get; }

    /// <summary>Added records in canonical order.</summary>
    public IReadOnlyList<ResourceRecord> Added { get; }

    public bool IsEmpty => Removed.Count == 0 && Added.Count == 0;

    /// <summary>
    /// The octets of the records and both SOAs in wire format (RFC 1035 §4.1.3), what journals count against their
    /// size bound (a primary's changeset is held by two chains).
    /// </summary>
    internal long WireSize { get; }

    private static long SizeOf(IReadOnlyList<ResourceRecord> records)
    {
        long size = 0;
        if (records is ResourceRecord[] array)
        {
            // Not through the interface: an array's IReadOnlyList indexer is a slow dispatch.
            foreach (ResourceRecord record in array)
            {
                size += SizeOf(record);
            }
        }
        else
        {
            foreach (ResourceRecord record in records)
            {
                size += SizeOf(record);
            }
        }

        return size;
    }

    // Owner, TYPE, CLASS, TTL, RDLENGTH, RDATA.
    private static long SizeOf(ResourceRecord record) => record.Name.WireLength + 10 + record.Data.CanonicalWireLength();
}
