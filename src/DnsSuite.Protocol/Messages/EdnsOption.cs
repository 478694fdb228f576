namespace DnsSuite.Protocol.Messages;

/// <summary>One EDNS option (RFC 6891 §6.1.2): a code and opaque data.</summary>
public sealed record EdnsOption(ushort Code, byte[] Data)
{
    /// <summary>RFC 7314 EDNS EXPIRE.</summary>
    public const ushort Expire = 9;

    /// <summary>RFC 7873 DNS cookies.</summary>
    public const ushort Cookie = 10;

    /// <summary>RFC 5001 name server identifier.</summary>
    public const ushort Nsid = 3;
}
