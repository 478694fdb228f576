using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Catalog;

/// <summary>
/// Catalog zones, schema version 2 (RFC 9432): writing one from a list of members, changing it by one transaction,
/// and reading the members back. Every record has TTL 0 (§4: the TTLs are not used).
/// </summary>
public static class CatalogZoneFormat
{
    /// <summary>The schema version this code writes and reads (§4.2.1).</summary>
    public const string SchemaVersion = "2";

    private const uint Ttl = 0;

    // The catalog's SOA: NOTIFY drives consumers, the refresh timer is the fallback; a long expire because an
    // expired catalog makes consumers drop every member (§5.5).
    private const uint Refresh = 60;
    private const uint Retry = 30;
    private const uint Expire = 2419200;

    private static readonly DomainName Invalid = DomainName.Parse("invalid.");

    /// <summary>
    /// The member label of <paramref name="zone"/> (§4.3: unique within the catalog): the SHA-1 of its lower-case wire
    /// form in hexadecimal, so every primary computes the same label and a re-created zone gets its old label back.
    /// </summary>
    public static string MemberLabel(DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Convert.ToHexStringLower(SHA1.HashData(zone.ToLowerInvariant().Wire));
    }

    /// <summary>The owner of a member's PTR record: <c>&lt;label&gt;.zones.&lt;catalog&gt;</c> (§4.3).</summary>
    public static DomainName MemberName(DomainName catalog, DomainName zone) => ZonesName(catalog).Prepend(MemberLabel(zone));

    /// <summary>A catalog zone with <paramref name="members"/> and <paramref name="serial"/>.</summary>
    public static ZoneVersion Build(DomainName catalog, uint serial, IEnumerable<CatalogMember> members)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(members);
        var records = new List<ResourceRecord>
        {
            new(catalog, Ttl, new SoaRdata(Invalid, Invalid, serial, Refresh, Retry, Expire, 0)),
            // §4.1: an NS record is required by the zone format; "invalid." says it is never queried.
            new(catalog, Ttl, new NameRdata(RecordType.NS, Invalid)),
            new(catalog.Prepend("version"), Ttl, new TxtRdata(SchemaVersion)),
        };
        foreach (CatalogMember member in members)
        {
            records.AddRange(MemberRecords(catalog, member));
        }

        return ZoneVersion.Create(catalog, records);
    }

    /// <summary>
    /// The next version of <paramref name="current"/> holding exactly <paramref name="members"/> with <paramref name="serial"/>,
    /// and the changeset IXFR serves. Members whose records are unchanged are not touched.
    /// </summary>
    public static (ZoneVersion Version, Changeset Changes) Update(ZoneVersion current, uint serial, IReadOnlyCollection<CatalogMember> members)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(members);
        DomainName catalog = current.Origin;
        DomainName zones = ZonesName(catalog);
        var wanted = members.ToDictionary(member => MemberName(catalog, member.Zone));
        var transaction = new ZoneTransaction(current);
        foreach (ZoneNode node in current.EnumerateNodes())
        {
            if (node.Name.LabelCount == zones.LabelCount + 1 && node.Name.Parent() == zones && !wanted.ContainsKey(node.Name))
            {
                transaction.RemoveName(node.Name);
                transaction.RemoveName(node.Name.Prepend("group"));
            }
        }

        foreach ((DomainName owner, CatalogMember member) in wanted)
        {
            // Removed and added again: the transaction counts only what differs from the current version.
            transaction.RemoveRRset(owner.Prepend("group"), RecordType.TXT);
            foreach (ResourceRecord record in MemberRecords(catalog, member))
            {
                transaction.Add(record);
            }
        }

        return transaction.Commit(serial);
    }

    /// <summary>
    /// The members of a catalog zone (§4.3) with their group (§4.4.2). Fails, saying why, when the version is not schema
    /// version 2 (§4.2.1: such a catalog must not be processed) or a member has no single PTR.
    /// </summary>
    public static bool TryReadMembers(ZoneVersion catalog, [NotNullWhen(true)] out IReadOnlyList<CatalogMember>? members, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        members = null;
        DomainName origin = catalog.Origin;
        if (!catalog.TryGetNode(origin.Prepend("version"), out ZoneNode? versionNode)
            || versionNode.Find(RecordType.TXT) is not { Count: 1 } versions
            || versions.First() is not TxtRdata { Strings.Count: 1 } version
            || Encoding.ASCII.GetString(version.Strings[0]) != SchemaVersion)
        {
            error = $"catalog {origin} has no version TXT \"{SchemaVersion}\" (RFC 9432 §4.2.1)";
            return false;
        }

        DomainName zones = ZonesName(origin);
        var found = new List<CatalogMember>();
        var seen = new HashSet<DomainName>();
        foreach (ZoneNode node in catalog.EnumerateNodes().OrderBy(node => node.Name, DomainName.CanonicalComparer))
        {
            if (node.Name.LabelCount != zones.LabelCount + 1 || node.Name.Parent() != zones || node.Find(RecordType.PTR) is not { } ptr)
            {
                continue;
            }

            if (ptr.Count != 1)
            {
                error = $"member {node.Name} of catalog {origin} has {ptr.Count} PTR records; a member has exactly one (RFC 9432 §4.3)";
                return false;
            }

            DomainName zone = ((NameRdata)ptr.First()).Target;
            if (!seen.Add(zone))
            {
                // §4.3: a zone listed twice is a broken catalog for that zone; the first (canonical order) one is kept.
                continue;
            }

            string? group = catalog.TryGetNode(node.Name.Prepend("group"), out ZoneNode? groupNode)
                && groupNode.Find(RecordType.TXT) is { Count: 1 } groups
                && groups.First() is TxtRdata { Strings.Count: 1 } text
                ? Encoding.UTF8.GetString(text.Strings[0])
                : null;
            found.Add(new CatalogMember(zone, group));
        }

        members = found;
        error = null;
        return true;
    }

    private static DomainName ZonesName(DomainName catalog) => catalog.Prepend("zones");

    private static IEnumerable<ResourceRecord> MemberRecords(DomainName catalog, CatalogMember member)
    {
        DomainName owner = MemberName(catalog, member.Zone);
        yield return new ResourceRecord(owner, Ttl, new NameRdata(RecordType.PTR, member.Zone));
        if (member.Group is { } group)
        {
            yield return new ResourceRecord(owner.Prepend("group"), Ttl, new TxtRdata(group));
        }
    }
}
