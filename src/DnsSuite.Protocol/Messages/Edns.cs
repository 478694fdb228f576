using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Messages;

/// <summary>
/// The OPT pseudo-record's contents (RFC 6891 §6.1): requestor's UDP payload size, version, the DO
/// bit (RFC 3225) and options. The extended RCODE bits live on <see cref="Message.ResponseCode"/>.
/// </summary>
public sealed record Edns(ushort UdpPayloadSize = 1232, byte Version = 0, bool DnssecOk = false, IReadOnlyList<EdnsOption>? Options = null)
{
    private const uint DoBit = 0x8000;

    public IReadOnlyList<EdnsOption> OptionList => Options ?? [];

    /// <summary>Writes the whole OPT record (owner root, TYPE 41).</summary>
    public void WriteTo(ref DnsWriter writer, ResponseCode responseCode)
    {
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)RecordType.OPT);
        writer.WriteUInt16(UdpPayloadSize);
        writer.WriteUInt32(((uint)((int)responseCode >> 4) << 24) | ((uint)Version << 16) | (DnssecOk ? DoBit : 0));
        int slot = writer.BeginLength();
        foreach (EdnsOption option in OptionList)
        {
            writer.WriteUInt16(option.Code);
            writer.WriteUInt16((ushort)option.Data.Length);
            writer.WriteBytes(option.Data);
        }

        writer.EndLength(slot);
    }

    /// <summary>Parses OPT RDATA and the fields packed into CLASS and TTL.</summary>
    internal static bool TryRead(ushort @class, uint ttl, ref DnsReader rdata, out Edns? edns, out byte extendedRcode)
    {
        edns = null;
        extendedRcode = (byte)(ttl >> 24);
        var options = new List<EdnsOption>();
        while (rdata.Remaining > 0)
        {
            if (!rdata.TryReadUInt16(out ushort code) || !rdata.TryReadUInt16(out ushort length) || !rdata.TryReadBytes(length, out ReadOnlySpan<byte> data))
            {
                return rdata.Fail("malformed EDNS option");
            }

            options.Add(new EdnsOption(code, data.ToArray()));
        }

        edns = new Edns(@class, (byte)(ttl >> 16), (ttl & DoBit) != 0, options);
        return true;
    }
}
