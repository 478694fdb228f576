using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>One resource record: owner, class, TTL and typed RDATA (RFC 1035 §3.2.1).</summary>
public sealed class ResourceRecord : IEquatable<ResourceRecord>
{
    public ResourceRecord(DomainName name, RecordClass @class, uint ttl, Rdata data)
    {
        Name = name;
        Class = @class;
        Ttl = ttl;
        Data = data;
    }

    public ResourceRecord(DomainName name, uint ttl, Rdata data)
        : this(name, RecordClass.IN, ttl, data)
    {
    }

    public DomainName Name { get; }

    public RecordType Type => Data.Type;

    public RecordClass Class { get; }

    public uint Ttl { get; }

    public Rdata Data { get; }

    public ResourceRecord WithTtl(uint ttl) => ttl == Ttl ? this : new ResourceRecord(Name, Class, ttl, Data);

    public ResourceRecord WithName(DomainName name) => new(name, Class, Ttl, Data);

    public void WriteTo(ref DnsWriter writer)
    {
        writer.WriteName(Name);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)Class);
        writer.WriteUInt32(Ttl);
        int slot = writer.BeginLength();
        Data.WriteTo(ref writer);
        writer.EndLength(slot);
    }

    /// <summary>
    /// Reads one record. An empty RDATA is accepted for classes ANY and NONE, as UPDATE
    /// prerequisites and deletions use them (RFC 2136 §2.4, §2.5); it reads as <see cref="UnknownRdata"/>.
    /// </summary>
    public static bool TryRead(ref DnsReader reader, [NotNullWhen(true)] out ResourceRecord? record)
    {
        record = null;
        if (!reader.TryReadName(out DomainName? name)
            || !reader.TryReadUInt16(out ushort type)
            || !reader.TryReadUInt16(out ushort @class)
            || !reader.TryReadUInt32(out uint ttl)
            || !reader.TryReadUInt16(out ushort length)
            || !reader.TrySlice(length, out DnsReader rdataReader))
        {
            return false;
        }

        Rdata? data;
        if (length == 0 && (RecordClass)@class is RecordClass.ANY or RecordClass.NONE)
        {
            data = new UnknownRdata((RecordType)type, []);
        }
        else if (!Rdata.TryRead((RecordType)type, ref rdataReader, out data))
        {
            return reader.Fail($"record {name} {(RecordType)type}: {rdataReader.Error}");
        }

        record = new ResourceRecord(name, (RecordClass)@class, ttl, data);
        return true;
    }

    /// <summary>Parses one zone-file line such as <c>www.example. 300 IN A 192.0.2.1</c>; see <see cref="ZoneFileReader.ParseRecord"/>.</summary>
    public static ResourceRecord Parse(string line, DomainName? origin = null) => ZoneFileReader.ParseRecord(line, origin);

    public bool Equals(ResourceRecord? other) =>
        other is not null && Name == other.Name && Class == other.Class && Ttl == other.Ttl && Data.Equals(other.Data);

    public override bool Equals(object? obj) => Equals(obj as ResourceRecord);

    public override int GetHashCode() => HashCode.Combine(Name, Class, Ttl, Data);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Name).Append(' ').Append(Ttl).Append(' ').Append(ClassMnemonic(Class)).Append(' ')
          .Append(TypeMnemonic(Type)).Append(' ').Append(Data);
        return sb.ToString();
    }

    /// <summary>The type's mnemonic, or <c>TYPEnnn</c> (RFC 3597 §5) when it has none.</summary>
    public static string TypeMnemonic(RecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : $"TYPE{(ushort)type}";

    /// <summary>The class's mnemonic, or <c>CLASSnnn</c> (RFC 3597 §5).</summary>
    public static string ClassMnemonic(RecordClass @class) =>
        Enum.IsDefined(@class) ? @class.ToString() : $"CLASS{(ushort)@class}";

    public static bool TryParseType(string text, out RecordType type)
    {
        if (text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort code))
        {
            type = (RecordType)code;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type) && !char.IsAsciiDigit(text[0]);
    }

    public static bool TryParseClass(string text, out RecordClass @class)
    {
        if (text.StartsWith("CLASS", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort code))
        {
            @class = (RecordClass)code;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out @class) && Enum.IsDefined(@class) && !char.IsAsciiDigit(text[0]);
    }
}
