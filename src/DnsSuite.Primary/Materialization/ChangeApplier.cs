using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// The deterministic apply of docs/change-log.md: a pure function of the zone as it is, the message and
/// the record's timestamp. Every prerequisite is checked against the zone before any operation; the
/// operations run in one <see cref="ZoneTransaction"/>, so the message is applied whole or not at all.
/// </summary>
public static class ChangeApplier
{
    // RFC 2181 §8: a TTL is an unsigned number from 0 to 2^31 - 1.
    private const uint MaxTtl = int.MaxValue;

    private static readonly System.Buffers.SearchValues<char> KeyCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>
    /// Parses a changes-topic record and checks what needs no zone: the format version, that the key is
    /// the zone's apex in lower case, and the message's shape (operations present, lifecycle ones alone).
    /// </summary>
    public static bool TryDecode(string key, byte[]? value, [NotNullWhen(true)] out DecodedChange? change, [NotNullWhen(false)] out ChangeRejected? rejection)
    {
        change = null;
        if (value is null)
        {
            rejection = new ChangeRejected(RejectionReason.InvalidJson, "the record has no value (a tombstone has no meaning on the changes topic)");
            return false;
        }

        if (!ChangeLogJson.TryParseChange(value, out ChangeMessage? message, out string? error, out bool unsupportedVersion))
        {
            rejection = new ChangeRejected(unsupportedVersion ? RejectionReason.UnsupportedVersion : RejectionReason.InvalidJson, error);
            return false;
        }

        if (!DomainName.TryParse(message.Zone, DomainName.Root, out DomainName? origin, out error))
        {
            rejection = new ChangeRejected(RejectionReason.InvalidName, $"zone {Excerpt.Quote(message.Zone)}: {error}");
            return false;
        }

        if (!IsKeyOf(key, message.Zone, origin))
        {
            rejection = new ChangeRejected(RejectionReason.KeyMismatch, $"the record key {Excerpt.Quote(key)} is not the zone's key '{KeyOf(origin)}'");
            return false;
        }

        // An UPDATE may consist of prerequisites alone (RFC 2136 §3.2): it applies nothing but reports whether they hold.
        if (message.Operations.Count == 0 && !(message.Rfc2136 && message.Prerequisites.Count > 0))
        {
            rejection = new ChangeRejected(RejectionReason.InvalidMessage, "the message has no operations");
            return false;
        }

        ChangeOperation? firstLifecycle = FirstLifecycle(message.Operations);
        if (message.Operations.Count > 1 && firstLifecycle is { } lifecycle)
        {
            rejection = new ChangeRejected(RejectionReason.InvalidMessage, $"{OperationName(lifecycle)} must be the only operation of its message");
            return false;
        }

        if (message.Rfc2136 && firstLifecycle is { } zoneOperation)
        {
            rejection = new ChangeRejected(RejectionReason.InvalidMessage, $"\"rfc2136\" applies to ADD, SET and DEL, not to {OperationName(zoneOperation)}");
            return false;
        }

        if (message.Operations is [CreateZoneOperation, ..] && message.Prerequisites.Count > 0)
        {
            rejection = new ChangeRejected(RejectionReason.InvalidMessage, "CREATE_ZONE takes no prerequisites: the zone does not exist yet");
            return false;
        }

        change = new DecodedChange(origin, message);
        rejection = null;
        return true;
    }

    /// <summary>The key of a zone's records on both topics: its apex, lower-case, absolute.</summary>
    public static string KeyOf(DomainName origin) => origin.ToLowerInvariant().ToString();

    // Whether key is KeyOf(origin), origin having been parsed from zone. A zone written as its key already is (lower-case
    // letters, digits, '-' and '_', dot-terminated labels) presents as itself, so the usual message needs no formatting.
    private static bool IsKeyOf(string key, string zone, DomainName origin)
    {
        bool plain = key.Length > 1 && key[^1] == '.' && !key.AsSpan().ContainsAnyExcept(KeyCharacters);
        return plain && string.Equals(key, zone, StringComparison.Ordinal)
            || string.Equals(key, KeyOf(origin), StringComparison.Ordinal);
    }

    private static ChangeOperation? FirstLifecycle(IReadOnlyList<ChangeOperation> operations)
    {
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i].IsLifecycle)
            {
                return operations[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="current"/> (null: the zone does not exist): a message that
    /// changes records commits to its draft, any other outcome leaves the draft as it was.
    /// <paramref name="deletedZoneSerial"/> is the last serial of a deleted zone of the same name, which a
    /// re-created zone must exceed. <paramref name="timestamp"/> is the log record's timestamp. No RRset the message adds
    /// records to (or creates the zone with) may end with more than <paramref name="maxRecordsPerRRset"/> records (0: any
    /// number): the zone's <c>MaxRecordsPerRRset</c>, which every primary sharing the log must agree on.
    /// </summary>
    public static ApplyResult Apply(DecodedChange change, ZoneHead? current, uint? deletedZoneSerial, DateTimeOffset timestamp, int maxRecordsPerRRset)
    {
        try
        {
            ChangeMessage message = change.Message;
            if (message.Operations is [CreateZoneOperation create, ..])
            {
                return current is null
                    ? CreateZone(change.Origin, create, deletedZoneSerial, timestamp, maxRecordsPerRRset)
                    : throw Reject(RejectionReason.ZoneExists, $"zone {change.Origin} already exists");
            }

            if (current is null)
            {
                throw Reject(RejectionReason.UnknownZone, $"zone {change.Origin} does not exist");
            }

            CheckPrerequisites(current.Zone, message.Prerequisites);
            return message.Operations switch
            {
                [DeleteZoneOperation, ..] => new ZoneDeleted(current.Zone.Origin, current.Zone.Serial),
                [SetMetadataOperation set, ..] => SetMetadata(current, set),
                [ReplaceZoneOperation replace, ..] => ReplaceZone(current, replace, timestamp, maxRecordsPerRRset),
                _ => ApplyRecordOperations(current, message.Operations, message.Rfc2136, timestamp, maxRecordsPerRRset),
            };
        }
        catch (RejectionException e)
        {
            return e.Rejection;
        }
    }

    /// <summary>
    /// What <see cref="Apply"/> returns for <paramref name="change"/> on <paramref name="current"/>, computed on a draft of
    /// its own that is then dropped: the zone, its journal and its snapshots are untouched. A <see cref="ChangeApplied"/>
    /// preview only says that the change would change something (its serial and version are not the ones the apply makes).
    /// </summary>
    public static ApplyResult Preview(DecodedChange change, ZoneVersion current, int maxRecordsPerRRset)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(current);
        return Apply(change, new ZoneHead(new ZoneDraft(current), SerialPolicy.Increment), deletedZoneSerial: null, DateTimeOffset.UnixEpoch, maxRecordsPerRRset);
    }

    private static ZoneCreated CreateZone(DomainName origin, CreateZoneOperation create, uint? floor, DateTimeOffset timestamp, int maxRecordsPerRRset)
    {
        if (create.Zonefile is { } zonefile)
        {
            if (create.Soa is not null || create.Ttl is not null || create.Ns is not null || create.Records is not null)
            {
                throw Reject(RejectionReason.InvalidMessage, "CREATE_ZONE takes either \"zonefile\" or \"soa\", \"ttl\", \"ns\" and \"records\", not both");
            }

            List<ResourceRecord> content = ReadZoneText(zonefile, origin, defaultTtl: null, RejectionReason.InvalidZoneFile);
            int apexSoa = content.FindIndex(record => IsApexSoa(origin, record.Name, record.Type));
            if (apexSoa < 0)
            {
                throw Reject(RejectionReason.ZoneValidation, $"the zone file has no SOA at {origin}");
            }

            content[apexSoa] = WithSerial(content[apexSoa], Serials.First(create.SerialPolicy, ((SoaRdata)content[apexSoa].Data).Serial, floor, timestamp));
            return new ZoneCreated(BuildVersion(origin, content, maxRecordsPerRRset), create.SerialPolicy) { Metadata = CheckMetadata(create.Metadata) };
        }

        if (create.Soa is null || create.Ttl is null || create.Ns is null)
        {
            throw Reject(RejectionReason.InvalidMessage, "CREATE_ZONE needs \"soa\", \"ttl\" and \"ns\", or \"zonefile\"");
        }

        uint ttl = CheckTtl(create.Ttl.Value);
        var soa = (SoaRdata)ParseRdata(RecordType.SOA, create.Soa, origin);
        if (create.Ns.Count == 0)
        {
            throw Reject(RejectionReason.InvalidMessage, "CREATE_ZONE needs at least one name server in \"ns\"");
        }

        uint serial = Serials.First(create.SerialPolicy, soa.Serial, floor, timestamp);
        var records = new List<ResourceRecord> { new(origin, ttl, soa.WithSerial(serial)) };
        records.AddRange(create.Ns.Select(ns => new ResourceRecord(origin, ttl, ParseRdata(RecordType.NS, ns, origin))));
        foreach (string line in create.Records ?? [])
        {
            IReadOnlyList<ResourceRecord> parsed = ReadZoneText(line, origin, ttl, RejectionReason.InvalidRdata);
            if (parsed.Count != 1)
            {
                throw Reject(RejectionReason.InvalidRdata, $"record {Excerpt.Quote(line)}: expected one record, found {parsed.Count}");
            }

            records.Add(parsed[0]);
        }

        return new ZoneCreated(BuildVersion(origin, records, maxRecordsPerRRset), create.SerialPolicy) { Metadata = CheckMetadata(create.Metadata) };
    }

    private static ApplyResult SetMetadata(ZoneHead current, SetMetadataOperation set)
    {
        ZoneMetadata metadata = CheckMetadata(set.Metadata);
        SerialPolicy policy = set.SerialPolicy ?? current.SerialPolicy;
        return metadata.Equals(current.Metadata) && policy == current.SerialPolicy ? NoChange.Instance : new MetadataChanged(metadata, policy);
    }

    /// <summary>Checks every metadata member and returns the normal form (null and empty lists as absent).</summary>
    private static ZoneMetadata CheckMetadata(ZoneMetadata? metadata)
    {
        if (metadata is null)
        {
            return ZoneMetadata.None;
        }

        // RFC 9432 §4.4.2: the group is one TXT character-string; kept to printable ASCII so it fits any consumer's configuration.
        if (metadata.Group is { } group && !IsPlainText(group))
        {
            throw Reject(RejectionReason.InvalidMessage, $"metadata group {Excerpt.Quote(group)} must be 1 to 255 printable ASCII characters without quotes or backslashes");
        }

        foreach (string target in metadata.AlsoNotify ?? [])
        {
            if (!System.Net.IPEndPoint.TryParse(target, out System.Net.IPEndPoint? endPoint) || endPoint.Port == 0)
            {
                throw Reject(RejectionReason.InvalidMessage, $"metadata also_notify {Excerpt.Quote(target)} is not IP:PORT");
            }
        }

        if (metadata.TransferAcl is { } acl && (!IsPlainText(acl) || acl.Contains(' ', StringComparison.Ordinal)))
        {
            throw Reject(RejectionReason.InvalidMessage, $"metadata transfer_acl {Excerpt.Quote(acl)} must be a name of 1 to 255 printable ASCII characters");
        }

        if (metadata.TransferKey is { } key && !DomainName.TryParse(key, DomainName.Root, out _, out string? error))
        {
            throw Reject(RejectionReason.InvalidMessage, $"metadata transfer_key {Excerpt.Quote(key)} is not a key name: {error}");
        }

        return metadata.AlsoNotify is { Count: 0 } ? metadata with { AlsoNotify = null } : metadata;
    }

    private static bool IsPlainText(string text) =>
        text.Length is > 0 and <= 255 && text.All(c => c is >= ' ' and <= '~' and not '"' and not '\\');

    private static ApplyResult ReplaceZone(ZoneHead current, ReplaceZoneOperation replace, DateTimeOffset timestamp, int maxRecordsPerRRset)
    {
        ZoneVersion basis = current.Zone.ToVersion();
        DomainName origin = basis.Origin;
        ZoneVersion next = BuildVersion(origin, ReadZoneText(replace.Zonefile, origin, defaultTtl: null, RejectionReason.InvalidZoneFile), maxRecordsPerRRset);
        Changeset difference = ZoneDiff.Between(basis, next);
        using ZoneTransaction transaction = current.Zone.Begin(maxRecordsPerRRset);
        foreach (ResourceRecord record in difference.Removed)
        {
            transaction.Remove(record);
        }

        foreach (ResourceRecord record in difference.Added)
        {
            transaction.Add(record);
        }

        // The SOA's other fields come from the text; its serial from the serial policy, on commit.
        transaction.Add(new ResourceRecord(origin, next.SoaTtl, next.Soa.WithSerial(basis.Serial)));
        return Commit(current, transaction, timestamp);
    }

    private static ApplyResult ApplyRecordOperations(
        ZoneHead current, IReadOnlyList<ChangeOperation> operations, bool rfc2136, DateTimeOffset timestamp, int maxRecordsPerRRset)
    {
        DomainName origin = current.Zone.Origin;
        // Disposed without a commit (a rejection, no change), it leaves the zone as it was.
        using ZoneTransaction transaction = current.Zone.Begin(maxRecordsPerRRset);
        var touched = new List<DomainName>(operations.Count);
        uint? requestedSerial = null;
        for (int i = 0; i < operations.Count; i++)
        {
            switch (operations[i])
            {
                case AddOperation add:
                {
                    DomainName name = ResolveName(add.Name, origin);
                    RecordType type = ParseType(add.Type);
                    var record = new ResourceRecord(name, CheckTtl(add.Ttl), ParseRdata(type, add.Rdata, origin));
                    if (!rfc2136 || Rfc2136Rules.TakesAddition(transaction, record, ref requestedSerial))
                    {
                        AddRecord(transaction, record);
                    }

                    touched.Add(name);
                    break;
                }

                case SetOperation set:
                {
                    DomainName name = ResolveName(set.Name, origin);
                    RecordType type = ParseType(set.Type);
                    uint ttl = CheckTtl(set.Ttl);
                    if (set.Rdata.Count == 0)
                    {
                        throw Reject(RejectionReason.InvalidMessage, $"SET {set.Name} {set.Type} has no rdata; delete an RRset with DEL");
                    }

                    Rdata[] records = ParseDistinct(type, set.Rdata, origin);
                    if (type == RecordType.SOA && records.Length != 1)
                    {
                        throw Reject(RejectionReason.InvalidRdata, $"SET {set.Name} SOA has {records.Length} records; an SOA RRset has exactly one");
                    }

                    if (IsApexSoa(origin, name, type))
                    {
                        records[0] = ((SoaRdata)records[0]).WithSerial(transaction.BasisSoa.Serial);
                    }

                    Validated((transaction, name, ttl, records), static write => write.transaction.ReplaceRRset(write.name, write.ttl, write.records));
                    touched.Add(name);
                    break;
                }

                case DeleteOperation delete:
                    Delete(transaction, delete, origin, rfc2136);
                    break;

                default:
                    throw new InvalidOperationException($"{OperationName(operations[i])} is a lifecycle operation, which TryDecode keeps alone in its message");
            }
        }

        CheckCnames(transaction, touched);
        if (!transaction.TryGetNode(origin, out ZoneNode? apex) || apex.Find(RecordType.NS) is null)
        {
            throw Reject(RejectionReason.LastApexNs, $"the message would delete every NS record at the apex of {origin}; a zone keeps at least one (RFC 2136 §3.4.2.4)");
        }

        return Commit(current, transaction, timestamp, requestedSerial);
    }

    /// <param name="requestedSerial">A newer serial an RFC 2136 SOA update asked for: the new serial is at least that.</param>
    private static ApplyResult Commit(ZoneHead current, ZoneTransaction transaction, DateTimeOffset timestamp, uint? requestedSerial = null)
    {
        if (!transaction.HasChanges && requestedSerial is null)
        {
            return NoChange.Instance;
        }

        uint serial = Serials.Next(current.SerialPolicy, transaction.BasisSoa.Serial, timestamp);
        if (requestedSerial is { } requested && new SerialNumber(requested).IsNewerThan(new SerialNumber(serial)))
        {
            serial = requested;
        }

        try
        {
            return new ChangeApplied(transaction.CommitChanges(serial));
        }
        catch (ZoneValidationException e)
        {
            throw Invalid(e);
        }
    }

    private static void Delete(ZoneTransaction transaction, DeleteOperation delete, DomainName origin, bool rfc2136)
    {
        DomainName name = ResolveName(delete.Name, origin);
        if (delete.Type is null)
        {
            if (delete.Rdata is not null)
            {
                throw new InvalidOperationException($"DEL {delete.Name} has rdata but no type, which the reader rejects as InvalidJson");
            }

            transaction.RemoveName(name);
            return;
        }

        RecordType type = ParseType(delete.Type);
        if (rfc2136 && Rfc2136Rules.IgnoresDeletion(transaction, name, type, delete.Rdata is null))
        {
            return;
        }

        if (IsApexSoa(origin, name, type))
        {
            throw Reject(RejectionReason.ApexSoaDeletion, $"DEL of the SOA at the apex of {origin}: a zone always has its SOA; change it with SET");
        }

        if (delete.Rdata is null)
        {
            transaction.RemoveRRset(name, type);
        }
        else
        {
            // The TTL plays no part in matching the record to delete.
            transaction.Remove(new ResourceRecord(name, 0, ParseRdata(type, delete.Rdata, origin)));
        }
    }

    private static void AddRecord(ZoneTransaction transaction, ResourceRecord record)
    {
        // The apex SOA's serial is never taken from a message: the serial policy computes it on commit.
        if (IsApexSoa(transaction.Origin, record.Name, record.Type))
        {
            record = WithSerial(record, transaction.BasisSoa.Serial);
        }

        Validated((transaction, record), static write => write.transaction.Add(write.record));
    }

    /// <summary>Runs a write of the transaction; what the zone rules refuse rejects the message.</summary>
    private static void Validated<TWrite>(TWrite write, Func<TWrite, bool> run)
    {
        try
        {
            run(write);
        }
        catch (ZoneValidationException e)
        {
            throw Reject(RejectionReason.InvalidRdata, string.Join("; ", e.Problems));
        }
    }

    // The CNAME rule (CnameRule) holds for every writer; here a message that breaks it at a name it wrote is rejected
    // as a CNAME conflict (RFC 2136 §3.4.2.2 silently ignores such an update: UPDATE has applied its rule before), so the
    // log shows it was not applied.
    /// <param name="touched">The names ADD and SET wrote, repeats allowed.</param>
    private static void CheckCnames(ZoneTransaction transaction, List<DomainName> touched)
    {
        foreach (DomainName name in touched)
        {
            if (transaction.TryGetNode(name, out ZoneNode? node) && CnameRule.Problem(node) is { } problem)
            {
                throw Reject(RejectionReason.CnameConflict, problem);
            }
        }
    }

    private static void CheckPrerequisites(ZoneDraft zone, IReadOnlyList<Prerequisite> prerequisites)
    {
        for (int i = 0; i < prerequisites.Count; i++)
        {
            Prerequisite prerequisite = prerequisites[i];
            DomainName name = ResolveName(prerequisite.Name, zone.Origin);
            zone.TryGetNode(name, out ZoneNode? node);
            bool inUse = node is { RRsets.Count: > 0 };
            (bool holds, ResponseCode rcode, string what) = prerequisite switch
            {
                NameInUsePrerequisite => (inUse, ResponseCode.NXDomain, "is not in use"),
                NameNotInUsePrerequisite => (!inUse, ResponseCode.YXDomain, "is in use"),
                RRsetExistsPrerequisite exists => (node?.Find(ParseType(exists.Type)) is not null, ResponseCode.NXRRSet, $"has no {exists.Type} RRset"),
                RRsetNotExistsPrerequisite absent => (node?.Find(ParseType(absent.Type)) is null, ResponseCode.YXRRSet, $"has a {absent.Type} RRset"),
                RRsetEqualsPrerequisite equals => (RRsetEquals(node, equals, zone.Origin), ResponseCode.NXRRSet, $"does not hold exactly that {equals.Type} RRset"),
                _ => throw new InvalidOperationException($"unknown prerequisite {prerequisite.GetType().Name}"),
            };
            if (!holds)
            {
                throw new RejectionException(new ChangeRejected(
                    RejectionReason.PrerequisiteFailed,
                    $"prerequisite {i} failed: {name} {what}",
                    new FailedPrerequisite(i, prerequisite, rcode)));
            }
        }
    }

    private static bool RRsetEquals(ZoneNode? node, RRsetEqualsPrerequisite equals, DomainName origin)
    {
        RecordType type = ParseType(equals.Type);
        var expected = equals.Rdata.Select(text => ParseRdata(type, text, origin)).ToHashSet();
        return node?.Find(type) is { } set && set.Count == expected.Count && set.All(expected.Contains);
    }

    private static ZoneVersion BuildVersion(DomainName origin, IEnumerable<ResourceRecord> records, int maxRecordsPerRRset)
    {
        try
        {
            return ZoneVersion.Create(origin, records, out _, maxRecordsPerRRset);
        }
        catch (ZoneValidationException e)
        {
            throw Invalid(e);
        }
    }

    private static RejectionException Invalid(ZoneValidationException e) =>
        Reject(e.Oversized is null ? RejectionReason.ZoneValidation : RejectionReason.TooManyRecords, $"zone {e.Origin}: {string.Join("; ", e.Problems)}");

    private static List<ResourceRecord> ReadZoneText(string text, DomainName origin, uint? defaultTtl, RejectionReason reason)
    {
        try
        {
            if (IncludeGuard.FindInclude(text) is { } line)
            {
                throw Reject(reason, $"line {line}: $INCLUDE is not allowed in a change message");
            }

            string source = defaultTtl is { } ttl ? string.Create(CultureInfo.InvariantCulture, $"$TTL {ttl}\n{text}") : text;
            List<ResourceRecord> records = [.. ZoneFileReader.Read(source, origin)];
            if (records.FirstOrDefault(record => !record.Name.IsSubdomainOf(origin)) is { } outside)
            {
                throw Reject(RejectionReason.OutOfZone, $"{outside.Name} is not in zone {origin}");
            }

            return records;
        }
        catch (ZoneFormatException e)
        {
            throw Reject(reason, e.Message);
        }
    }

    private static DomainName ResolveName(string text, DomainName origin)
    {
        if (!DomainName.TryParse(text, origin, out DomainName? name, out string? error))
        {
            throw Reject(RejectionReason.InvalidName, $"name {Excerpt.Quote(text)}: {error}");
        }

        return name.IsSubdomainOf(origin) ? name : throw Reject(RejectionReason.OutOfZone, $"{name} is not in zone {origin}");
    }

    private static RecordType ParseType(string text) =>
        text.Length > 0 && ResourceRecord.TryParseType(text, out RecordType type)
            ? type
            : throw Reject(RejectionReason.InvalidRdata, $"{Excerpt.Quote(text)} is not a record type");

    private static Rdata ParseRdata(RecordType type, string text, DomainName origin)
    {
        try
        {
            return Rdata.Parse(type, text, origin);
        }
        catch (FormatException e)
        {
            throw Reject(RejectionReason.InvalidRdata, $"{ResourceRecord.TypeMnemonic(type)} rdata {Excerpt.Quote(text)}: {e.Message}");
        }
    }

    private static Rdata[] ParseDistinct(RecordType type, IReadOnlyList<string> texts, DomainName origin)
    {
        var records = new Rdata[texts.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = ParseRdata(type, texts[i], origin);
        }

        return records.Length > 1 ? [.. records.Distinct()] : records;
    }

    private static uint CheckTtl(uint ttl) =>
        ttl <= MaxTtl ? ttl : throw Reject(RejectionReason.InvalidMessage, $"TTL {ttl} is above 2^31-1 (RFC 2181 §8)");

    private static bool IsApexSoa(DomainName origin, DomainName name, RecordType type) => type == RecordType.SOA && name == origin;

    private static ResourceRecord WithSerial(ResourceRecord soa, uint serial) =>
        new(soa.Name, soa.Class, soa.Ttl, ((SoaRdata)soa.Data).WithSerial(serial));

    private static string OperationName(ChangeOperation operation) => operation switch
    {
        CreateZoneOperation => "CREATE_ZONE",
        DeleteZoneOperation => "DELETE_ZONE",
        ReplaceZoneOperation => "REPLACE_ZONE",
        SetMetadataOperation => "SET_METADATA",
        AddOperation => "ADD",
        SetOperation => "SET",
        _ => "DEL",
    };

    private static RejectionException Reject(RejectionReason reason, string message) => new(new ChangeRejected(reason, message));

    // Unwinds from deep in the apply to the one catch in Apply; never escapes this class.
    private sealed class RejectionException(ChangeRejected rejection) : Exception(rejection.Message)
    {
        public ChangeRejected Rejection { get; } = rejection;
    }
}
