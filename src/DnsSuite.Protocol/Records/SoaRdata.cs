using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>SOA (RFC 1035 §3.3.13). Timer fields are seconds; <see cref="Serial"/> follows RFC 1982.</summary>
public sealed class SoaRdata : Rdata
{
    public SoaRdata(DomainName primaryNameServer, DomainName responsibleMailbox, uint serial, uint refresh, uint retry, uint expire, uint minimum)
    {
        PrimaryNameServer = primaryNameServer;
        ResponsibleMailbox = responsibleMailbox;
        Serial = serial;
        Refresh = refresh;
        Retry = retry;
        Expire = expire;
        Minimum = minimum;
    }

    public override RecordType Type => RecordType.SOA;

    public DomainName PrimaryNameServer { get; }

    public DomainName ResponsibleMailbox { get; }

    public uint Serial { get; }

    public uint Refresh { get; }

    public uint Retry { get; }

    public uint Expire { get; }

    /// <summary>The negative-caching TTL bound (RFC 2308 §4).</summary>
    public uint Minimum { get; }

    public SoaRdata WithSerial(uint serial) =>
        new(PrimaryNameServer, ResponsibleMailbox, serial, Refresh, Retry, Expire, Minimum);

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        WriteEmbeddedName(ref writer, PrimaryNameServer, canonical, compressible: true, lowerInCanonicalForm: true);
        WriteEmbeddedName(ref writer, ResponsibleMailbox, canonical, compressible: true, lowerInCanonicalForm: true);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadName(out DomainName? mname) || !reader.TryReadName(out DomainName? rname)
            || !reader.TryReadUInt32(out uint serial) || !reader.TryReadUInt32(out uint refresh)
            || !reader.TryReadUInt32(out uint retry) || !reader.TryReadUInt32(out uint expire)
            || !reader.TryReadUInt32(out uint minimum))
        {
            return false;
        }

        value = new SoaRdata(mname, rname, serial, refresh, retry, expire, minimum);
        return true;
    }

    internal static SoaRdata ParseText(PresentationReader reader) => new(
        reader.ReadName(), reader.ReadName(), reader.ReadUInt32(),
        reader.ReadDuration(), reader.ReadDuration(), reader.ReadDuration(), reader.ReadDuration());

    public override string ToString() =>
        $"{PrimaryNameServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}";
}
