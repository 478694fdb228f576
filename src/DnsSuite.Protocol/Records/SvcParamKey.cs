namespace DnsSuite.Protocol.Records;

/// <summary>SvcParamKeys of SVCB and HTTPS (RFC 9460 §14.3.2); other values appear as <c>keyNNNNN</c>.</summary>
public enum SvcParamKey : ushort
{
    Mandatory = 0,
    Alpn = 1,
    NoDefaultAlpn = 2,
    Port = 3,
    Ipv4Hint = 4,
    Ech = 5,
    Ipv6Hint = 6,
}
