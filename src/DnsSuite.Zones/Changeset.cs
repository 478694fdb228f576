using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The difference between two consecutive versions, as IXFR serves it (RFC 1995 §4): the SOA
/// before and after, the records removed and the records added. The SOA itself is in neither list.
/// </summary>
public sealed class Changeset
{
    // Computed on first use; threads that race compute the same value.
    private long _wireSize = -1;

    public Changeset(SoaRdata from, SoaRdata to, uint soaTtl, IReadOnlyList<ResourceRecord> removed, IReadOnlyList<ResourceRecord> added)
    {
        From = from;
        To = to;
        SoaTtl = soaTtl;
        Removed = removed;
        Added = added;
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
    /// size bound. Computed once: a primary's changeset is held by two chains.
    /// </summary>
    internal long WireSize
    {
        get
        {
            if (_wireSize < 0)
            {
                _wireSize = SizeOf(Removed) + SizeOf(Added) + 2 * (From.CanonicalWireLength() + 10);
            }

            return _wireSize;
        }
    }

    private static long SizeOf(IReadOnlyList<ResourceRecord> records)
    {
        long size = 0;
        for (int i = 0; i < records.Count; i++)
        {
            // Owner, TYPE, CLASS, TTL, RDLENGTH, RDATA.
            size += records[i].Name.WireLength + 10 + records[i].Data.CanonicalWireLength();
        }

        return size;
    }
}
