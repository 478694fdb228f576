using System.Text;
using DnsSuite.Protocol;

namespace DnsSuite.Server.Query;

/// <summary>
/// The CHAOS-class TXT names servers conventionally answer about themselves (BIND's version.bind and
/// hostname.bind, RFC 4892's id.server and version.server), prepared once as TXT RDATA.
/// </summary>
internal sealed class ChaosAnswers
{
    private static readonly byte[] VersionBind = DomainName.Parse("version.bind.").Wire.ToArray();
    private static readonly byte[] VersionServer = DomainName.Parse("version.server.").Wire.ToArray();
    private static readonly byte[] IdServer = DomainName.Parse("id.server.").Wire.ToArray();
    private static readonly byte[] HostnameBind = DomainName.Parse("hostname.bind.").Wire.ToArray();

    private readonly byte[]? _version;
    private readonly byte[]? _id;

    public ChaosAnswers(string? version, string? id)
    {
        _version = version is null ? null : ToTxtRdata(version);
        _id = id is null ? null : ToTxtRdata(id);
    }

    /// <summary>The TXT RDATA for <paramref name="name"/>, or false when the name is unknown or its answer is not configured.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> rdata)
    {
        byte[]? answer = DomainName.WireEquals(name, VersionBind) || DomainName.WireEquals(name, VersionServer) ? _version
            : DomainName.WireEquals(name, IdServer) || DomainName.WireEquals(name, HostnameBind) ? _id
            : null;
        rdata = answer;
        return answer is not null;
    }

    /// <summary>RFC 1035 §3.3.14: TXT RDATA is one or more character-strings of at most 255 octets.</summary>
    private static byte[] ToTxtRdata(string text)
    {
        byte[] octets = Encoding.UTF8.GetBytes(text);
        var rdata = new List<byte>(octets.Length + (octets.Length / 255) + 1);
        int offset = 0;
        do
        {
            int length = Math.Min(255, octets.Length - offset);
            rdata.Add((byte)length);
            rdata.AddRange(octets.AsSpan(offset, length));
            offset += length;
        }
        while (offset < octets.Length);

        return [.. rdata];
    }
}
