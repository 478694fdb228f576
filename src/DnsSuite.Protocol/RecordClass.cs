namespace DnsSuite.Protocol;

/// <summary>CLASS codes (RFC 1035 §3.2.4, RFC 2136 §1.3 for NONE).</summary>
public enum RecordClass : ushort
{
    IN = 1,
    CH = 3,
    HS = 4,
    NONE = 254,
    ANY = 255,
}
