using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Reads a changes-topic value (docs/change-log.md, docs/change-log.schema.json) in one pass of a
/// <see cref="Utf8JsonReader"/>, allocating little more than the message itself: ingestion decodes every record, and
/// the serializer's general machinery (and its buffering of out-of-order discriminators) cost several times the rest.
/// As strict as the schema: unknown, repeated and missing members, nulls where none belong, values of the wrong type
/// and unknown <c>op</c>/<c>require</c> values are errors that name the member and where it is.
/// </summary>
internal ref struct ChangeMessageReader
{
    private static readonly (Member Member, byte[] Name)[] MemberNames =
    [
        (Member.Version, "version"u8.ToArray()), (Member.Zone, "zone"u8.ToArray()), (Member.Prerequisites, "prerequisites"u8.ToArray()),
        (Member.Operations, "operations"u8.ToArray()), (Member.Rfc2136, "rfc2136"u8.ToArray()), (Member.Source, "source"u8.ToArray()),
        (Member.Op, "op"u8.ToArray()), (Member.Require, "require"u8.ToArray()), (Member.Name, "name"u8.ToArray()),
        (Member.Ttl, "ttl"u8.ToArray()), (Member.Type, "type"u8.ToArray()), (Member.Rdata, "rdata"u8.ToArray()),
        (Member.Soa, "soa"u8.ToArray()), (Member.Ns, "ns"u8.ToArray()), (Member.Records, "records"u8.ToArray()),
        (Member.Zonefile, "zonefile"u8.ToArray()), (Member.SerialPolicy, "serial_policy"u8.ToArray()), (Member.Metadata, "metadata"u8.ToArray()),
        (Member.Group, "group"u8.ToArray()), (Member.AlsoNotify, "also_notify"u8.ToArray()), (Member.TransferAcl, "transfer_acl"u8.ToArray()),
        (Member.TransferKey, "transfer_key"u8.ToArray()),
    ];

    private static readonly (Kind Kind, byte[] Value)[] OperationKinds =
    [
        (Kind.Add, "ADD"u8.ToArray()), (Kind.Set, "SET"u8.ToArray()), (Kind.Delete, "DEL"u8.ToArray()),
        (Kind.CreateZone, "CREATE_ZONE"u8.ToArray()), (Kind.DeleteZone, "DELETE_ZONE"u8.ToArray()),
        (Kind.ReplaceZone, "REPLACE_ZONE"u8.ToArray()), (Kind.SetMetadata, "SET_METADATA"u8.ToArray()),
    ];

    private static readonly (Kind Kind, byte[] Value)[] PrerequisiteKinds =
    [
        (Kind.NameInUse, "name-in-use"u8.ToArray()), (Kind.NameNotInUse, "name-not-in-use"u8.ToArray()),
        (Kind.RRsetExists, "rrset-exists"u8.ToArray()), (Kind.RRsetEquals, "rrset-equals"u8.ToArray()),
        (Kind.RRsetNotExists, "rrset-not-exists"u8.ToArray()),
    ];

    private const Member MessageMembers = Member.Version | Member.Zone | Member.Prerequisites | Member.Operations | Member.Rfc2136 | Member.Source;
    private const int MemberCount = 22; // the bits of Member
    private const Member MetadataMembers = Member.Group | Member.AlsoNotify | Member.TransferAcl | Member.TransferKey;

    private Utf8JsonReader _reader;

    // Where the reader is, for errors: the list ("operations"/"prerequisites") and index, and the object inside it.
    private Member _list;
    private int _index;
    private Member _within;

    private ChangeMessageReader(ReadOnlySpan<byte> utf8) => _reader = new Utf8JsonReader(utf8);

    private delegate T ItemReader<out T>(ref ChangeMessageReader reader);

    [Flags]
    private enum Member
    {
        None = 0,
        Version = 1 << 0,
        Zone = 1 << 1,
        Prerequisites = 1 << 2,
        Operations = 1 << 3,
        Rfc2136 = 1 << 4,
        Source = 1 << 5,
        Op = 1 << 6,
        Require = 1 << 7,
        Name = 1 << 8,
        Ttl = 1 << 9,
        Type = 1 << 10,
        Rdata = 1 << 11,
        Soa = 1 << 12,
        Ns = 1 << 13,
        Records = 1 << 14,
        Zonefile = 1 << 15,
        SerialPolicy = 1 << 16,
        Metadata = 1 << 17,
        Group = 1 << 18,
        AlsoNotify = 1 << 19,
        TransferAcl = 1 << 20,
        TransferKey = 1 << 21,
    }

    private enum Kind
    {
        Add,
        Set,
        Delete,
        CreateZone,
        DeleteZone,
        ReplaceZone,
        SetMetadata,
        NameInUse,
        NameNotInUse,
        RRsetExists,
        RRsetEquals,
        RRsetNotExists,
    }

    /// <summary>
    /// Parses <paramref name="utf8"/>. A message whose <c>version</c> is not <see cref="ChangeMessage.CurrentVersion"/>
    /// fails here too; the caller tells that case from broken JSON.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out ChangeMessage? message, [NotNullWhen(false)] out string? error)
    {
        var reader = new ChangeMessageReader(utf8);
        try
        {
            message = reader.ReadMessage();
            error = null;
            return true;
        }
        catch (Invalid e)
        {
            error = e.Message;
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on text that is not valid UTF-8.
            error = $"invalid JSON at {reader.Path(Member.None, -1)}: {e.Message}";
        }

        message = null;
        return false;
    }

    private ChangeMessage ReadMessage()
    {
        Next();
        if (_reader.TokenType == JsonTokenType.Null)
        {
            throw new Invalid("the value is JSON null");
        }

        ExpectObject(Member.None);
        int version = 0;
        string? zone = null;
        IReadOnlyList<Prerequisite>? prerequisites = null;
        IReadOnlyList<ChangeOperation>? operations = null;
        bool rfc2136 = false;
        string? source = null;
        Member seen = Member.None;
        while (NextMember(MessageMembers, Member.Source, ref seen, out Member member))
        {
            switch (member)
            {
                case Member.Version:
                    version = ReadInt32(member);
                    if (version != ChangeMessage.CurrentVersion)
                    {
                        throw Fail(member, $"format version {version} is not {ChangeMessage.CurrentVersion}");
                    }

                    break;
                case Member.Zone:
                    zone = ReadString(member);
                    break;
                case Member.Prerequisites:
                    prerequisites = ReadList(member, static (ref reader) => reader.ReadPrerequisite());
                    break;
                case Member.Operations:
                    operations = ReadList(member, static (ref reader) => reader.ReadOperation());
                    break;
                case Member.Rfc2136:
                    rfc2136 = ReadBoolean(member);
                    break;
                case Member.Source:
                    source = ReadString(member);
                    break;
            }
        }

        if ((seen & Member.Version) == 0)
        {
            throw new Invalid("the message has no \"version\"");
        }

        RequireMembers(null, Member.Zone | Member.Operations, seen);

        // Utf8JsonReader throws on anything but whitespace after the top-level value.
        _reader.Read();

        return new ChangeMessage
        {
            Version = version,
            Zone = zone!,
            Prerequisites = prerequisites ?? [],
            Operations = operations!,
            Rfc2136 = rfc2136,
            Source = source,
        };
    }

    private ChangeOperation ReadOperation()
    {
        ExpectObject(Member.None);
        Kind kind = FindDiscriminator(Member.Op, OperationKinds);
        (Member allowed, Member required, Member nullable) = kind switch
        {
            Kind.Add or Kind.Set => (Member.Op | Member.Name | Member.Ttl | Member.Type | Member.Rdata, Member.Name | Member.Ttl | Member.Type | Member.Rdata, Member.None),
            Kind.Delete => (Member.Op | Member.Name | Member.Type | Member.Rdata, Member.Name, Member.Type | Member.Rdata),
            Kind.CreateZone => (
                Member.Op | Member.Soa | Member.Ttl | Member.Ns | Member.Records | Member.Zonefile | Member.SerialPolicy | Member.Metadata,
                Member.None,
                Member.Soa | Member.Ttl | Member.Ns | Member.Records | Member.Zonefile | Member.Metadata),
            Kind.DeleteZone => (Member.Op, Member.None, Member.None),
            Kind.ReplaceZone => (Member.Op | Member.Zonefile, Member.Zonefile, Member.None),
            _ => (Member.Op | Member.Metadata | Member.SerialPolicy, Member.Metadata, Member.SerialPolicy),
        };
        Fields fields = ReadFields(kind, allowed, nullable, required);
        if (kind == Kind.Delete && fields.Text(Member.Rdata) is not null && fields.Text(Member.Type) is null)
        {
            // The schema's dependentRequired: the record a DEL deletes has a type.
            throw Fail(Member.None, "DEL has \"rdata\" but no \"type\"");
        }

        return kind switch
        {
            Kind.Add => new AddOperation { Name = fields.Text(Member.Name)!, Ttl = fields.Ttl!.Value, Type = fields.Text(Member.Type)!, Rdata = fields.Text(Member.Rdata)! },
            Kind.Set => new SetOperation { Name = fields.Text(Member.Name)!, Ttl = fields.Ttl!.Value, Type = fields.Text(Member.Type)!, Rdata = fields.List(Member.Rdata)! },
            Kind.Delete => new DeleteOperation { Name = fields.Text(Member.Name)!, Type = fields.Text(Member.Type), Rdata = fields.Text(Member.Rdata) },
            Kind.CreateZone => new CreateZoneOperation
            {
                Soa = fields.Text(Member.Soa),
                Ttl = fields.Ttl,
                Ns = fields.List(Member.Ns),
                Records = fields.List(Member.Records),
                Zonefile = fields.Text(Member.Zonefile),
                SerialPolicy = fields.SerialPolicy ?? SerialPolicy.Increment,
                Metadata = fields.Metadata,
            },
            Kind.DeleteZone => new DeleteZoneOperation(),
            Kind.ReplaceZone => new ReplaceZoneOperation { Zonefile = fields.Text(Member.Zonefile)! },
            _ => new SetMetadataOperation { Metadata = fields.Metadata!, SerialPolicy = fields.SerialPolicy },
        };
    }

    private Prerequisite ReadPrerequisite()
    {
        ExpectObject(Member.None);
        Kind kind = FindDiscriminator(Member.Require, PrerequisiteKinds);
        Member members = kind switch
        {
            Kind.NameInUse or Kind.NameNotInUse => Member.Name,
            Kind.RRsetEquals => Member.Name | Member.Type | Member.Rdata,
            _ => Member.Name | Member.Type,
        };
        Fields fields = ReadFields(kind, members | Member.Require, Member.None, members);
        return kind switch
        {
            Kind.NameInUse => new NameInUsePrerequisite { Name = fields.Text(Member.Name)! },
            Kind.NameNotInUse => new NameNotInUsePrerequisite { Name = fields.Text(Member.Name)! },
            Kind.RRsetExists => new RRsetExistsPrerequisite { Name = fields.Text(Member.Name)!, Type = fields.Text(Member.Type)! },
            Kind.RRsetEquals => new RRsetEqualsPrerequisite { Name = fields.Text(Member.Name)!, Type = fields.Text(Member.Type)!, Rdata = fields.List(Member.Rdata)! },
            _ => new RRsetNotExistsPrerequisite { Name = fields.Text(Member.Name)!, Type = fields.Text(Member.Type)! },
        };
    }

    // The discriminator may stand anywhere in its object (docs/change-log.md). The whole value is in memory, so a copy
    // of the reader looks ahead for it, and the members are then read once, knowing which ones the kind takes.
    private readonly Kind FindDiscriminator(Member discriminator, (Kind Kind, byte[] Value)[] kinds)
    {
        Utf8JsonReader ahead = _reader;
        byte[] name = NameBytes(discriminator);
        while (ahead.Read() && ahead.TokenType == JsonTokenType.PropertyName)
        {
            bool found = ahead.ValueTextEquals(name);
            ahead.Read();
            if (!found)
            {
                ahead.Skip();
                continue;
            }

            if (ahead.TokenType == JsonTokenType.String)
            {
                foreach ((Kind kind, byte[] value) in kinds)
                {
                    if (ahead.ValueTextEquals(value))
                    {
                        return kind;
                    }
                }

                throw Fail(discriminator, $"unknown value {Excerpt.Quote(ahead.GetString())}");
            }

            throw Fail(discriminator, "must be a string");
        }

        throw Fail(Member.None, $"the object has no \"{NameOf(discriminator)}\"");
    }

    // kind: the operation or prerequisite read, or null for zone metadata.
    private Fields ReadFields(Kind? kind, Member allowed, Member nullable, Member required)
    {
        var fields = default(Fields);
        Member seen = Member.None;
        while (NextMember(allowed, nullable, ref seen, out Member member))
        {
            switch (member)
            {
                case Member.Op or Member.Require:
                    break; // read by FindDiscriminator
                case Member.Ttl:
                    fields.Ttl = ReadTtl(member);
                    break;
                case Member.SerialPolicy:
                    fields.SerialPolicy = ReadSerialPolicy(member);
                    break;
                case Member.Metadata:
                    fields.Metadata = ReadMetadata();
                    break;
                case Member.Ns or Member.Records or Member.AlsoNotify:
                case Member.Rdata when kind is Kind.Set or Kind.RRsetEquals:
                    fields.Lists[Fields.Index(member)] = ReadStrings(member);
                    break;
                default:
                    fields.Texts[Fields.Index(member)] = ReadString(member);
                    break;
            }
        }

        RequireMembers(kind, required, seen);
        return fields;
    }

    private ZoneMetadata ReadMetadata()
    {
        ExpectObject(Member.Metadata);
        _within = Member.Metadata;
        Fields fields = ReadFields(null, MetadataMembers, MetadataMembers, Member.None);
        _within = Member.None;
        return new ZoneMetadata
        {
            Group = fields.Text(Member.Group),
            AlsoNotify = fields.List(Member.AlsoNotify),
            TransferAcl = fields.Text(Member.TransferAcl),
            TransferKey = fields.Text(Member.TransferKey),
        };
    }

    // Moves to the value of the next member of the current object, or returns false at its end. A null value of a
    // member in nullable is skipped (the member keeps its default, null); a null anywhere else is an error.
    private bool NextMember(Member allowed, Member nullable, ref Member seen, out Member member)
    {
        while (true)
        {
            Next();
            if (_reader.TokenType == JsonTokenType.EndObject)
            {
                member = Member.None;
                return false;
            }

            member = Identify(allowed);
            if (member == Member.None)
            {
                throw Fail(Member.None, $"unknown member {Excerpt.Quote(_reader.GetString())}");
            }

            if ((seen & member) != 0)
            {
                throw Fail(member, "appears twice");
            }

            seen |= member;
            Next();
            if (_reader.TokenType != JsonTokenType.Null)
            {
                return true;
            }

            if ((nullable & member) == 0)
            {
                throw Fail(member, "must not be null");
            }
        }
    }

    private readonly Member Identify(Member allowed)
    {
        foreach ((Member member, byte[] name) in MemberNames)
        {
            if ((allowed & member) != 0 && _reader.ValueTextEquals(name))
            {
                return member;
            }
        }

        return Member.None;
    }

    // kind: the operation or prerequisite checked, or null for the message (zone metadata requires nothing).
    private readonly void RequireMembers(Kind? kind, Member required, Member seen)
    {
        Member missing = required & ~seen;
        if (missing != Member.None)
        {
            Member first = (Member)((int)missing & -(int)missing);
            string what = kind is { } known ? DiscriminatorOf(known) : "the message";
            throw Fail(Member.None, $"{what} lacks the required member \"{NameOf(first)}\"");
        }
    }

    private IReadOnlyList<T> ReadList<T>(Member member, ItemReader<T> readItem)
    {
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail(member, "must be an array");
        }

        T? first = default;
        List<T>? items = null;
        int count = 0;
        for (Next(); _reader.TokenType != JsonTokenType.EndArray; Next(), count++)
        {
            _list = member;
            _index = count;
            T item = readItem(ref this);
            if (count == 0)
            {
                first = item;
            }
            else
            {
                (items ??= [first!]).Add(item);
            }
        }

        _list = Member.None;
        return count switch
        {
            0 => [],
            1 => new[] { first! },
            _ => items!,
        };
    }

    private IReadOnlyList<string> ReadStrings(Member member)
    {
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail(member, "must be an array of strings");
        }

        List<string> items = [];
        for (Next(); _reader.TokenType != JsonTokenType.EndArray; Next())
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Fail(member, "must be a string", items.Count);
            }

            items.Add(_reader.GetString()!);
        }

        return items;
    }

    private readonly string ReadString(Member member) =>
        _reader.TokenType == JsonTokenType.String ? _reader.GetString()! : throw Fail(member, "must be a string");

    private readonly int ReadInt32(Member member) =>
        _reader.TokenType == JsonTokenType.Number && _reader.TryGetInt32(out int value) ? value : throw Fail(member, "must be an integer");

    // 2^31 and above fit the field and are rejected when applied (InvalidMessage), as docs/change-log.md says.
    private readonly uint ReadTtl(Member member) =>
        _reader.TokenType == JsonTokenType.Number && _reader.TryGetUInt32(out uint value) ? value : throw Fail(member, "must be an integer from 0 to 2147483647 (RFC 2181 §8)");

    private readonly bool ReadBoolean(Member member) => _reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Fail(member, "must be true or false"),
    };

    private readonly SerialPolicy ReadSerialPolicy(Member member)
    {
        if (_reader.TokenType == JsonTokenType.String)
        {
            if (_reader.ValueTextEquals("increment"u8))
            {
                return SerialPolicy.Increment;
            }

            if (_reader.ValueTextEquals("unixtime"u8))
            {
                return SerialPolicy.UnixTime;
            }

            if (_reader.ValueTextEquals("dateserial"u8))
            {
                return SerialPolicy.DateSerial;
            }
        }

        throw Fail(member, "must be \"increment\", \"unixtime\" or \"dateserial\"");
    }

    private readonly void ExpectObject(Member member)
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail(member, "must be an object");
        }
    }

    // The value is one final block, so Utf8JsonReader throws rather than return false where the value has not ended.
    private void Next() => _reader.Read();

    private readonly Invalid Fail(Member member, string what, int item = -1) => new($"{Path(member, item)}: {what}");

    // A JSONPath of the member, e.g. $.operations[0].metadata.group or $.operations[1].rdata[2].
    private readonly string Path(Member member, int item)
    {
        var path = new System.Text.StringBuilder("$");
        if (_list != Member.None)
        {
            path.Append(CultureInfo.InvariantCulture, $".{NameOf(_list)}[{_index}]");
        }

        if (_within != Member.None && _within != member)
        {
            path.Append('.').Append(NameOf(_within));
        }

        if (member != Member.None)
        {
            path.Append('.').Append(NameOf(member));
        }

        if (item >= 0)
        {
            path.Append(CultureInfo.InvariantCulture, $"[{item}]");
        }

        return path.ToString();
    }

    private static byte[] NameBytes(Member member)
    {
        foreach ((Member candidate, byte[] name) in MemberNames)
        {
            if (candidate == member)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(member));
    }

    private static string DiscriminatorOf(Kind kind)
    {
        foreach ((Kind candidate, byte[] value) in kind <= Kind.SetMetadata ? OperationKinds : PrerequisiteKinds)
        {
            if (candidate == kind)
            {
                return System.Text.Encoding.UTF8.GetString(value);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind));
    }

    private static string NameOf(Member member) => System.Text.Encoding.UTF8.GetString(NameBytes(member));

    // The members of an operation, a prerequisite or zone metadata, whichever kind: ReadFields fills those the kind takes.
    private struct Fields
    {
        public ByMember<string?> Texts;
        public ByMember<IReadOnlyList<string>?> Lists;
        public uint? Ttl;
        public SerialPolicy? SerialPolicy;
        public ZoneMetadata? Metadata;

        public static int Index(Member member) => BitOperations.TrailingZeroCount((int)member);

        public readonly string? Text(Member member) => Texts[Index(member)];

        public readonly IReadOnlyList<string>? List(Member member) => Lists[Index(member)];
    }

    [InlineArray(MemberCount)]
    private struct ByMember<T>
    {
        private T _first;
    }

    private sealed class Invalid(string message) : Exception(message);
}
