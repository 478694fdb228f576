namespace DnsSuite.Protocol;

/// <summary>
/// RCODE values, including the extended ones that need EDNS (RFC 6891 §6.1.3) and the TSIG error
/// codes that only appear in the TSIG record's Error field (RFC 8945 §3).
/// </summary>
public enum ResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    YXDomain = 6,
    YXRRSet = 7,
    NXRRSet = 8,
    NotAuth = 9,
    NotZone = 10,
    BadVers = 16,
    BadSig = 16,
    BadKey = 17,
    BadTime = 18,
    BadMode = 19,
    BadName = 20,
    BadAlg = 21,
    BadTrunc = 22,
    BadCookie = 23,
}
