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
}
