namespace DnsSuite.Protocol.Messages;

/// <summary>The single-bit header flags (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD), at their bit positions.</summary>
[Flags]
public enum HeaderFlags : ushort
{
    None = 0,
    QR = 0x8000,
    AA = 0x0400,
    TC = 0x0200,
    RD = 0x0100,
    RA = 0x0080,
    AD = 0x0020,
    CD = 0x0010,
}
