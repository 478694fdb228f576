namespace DnsSuite.Secondary.Transfer;

/// <summary>Why a SOA query or a transfer from a primary failed.</summary>
public enum TransferFailureKind
{
    /// <summary>No answer: timeout, connection refused or reset, the stream cut inside a message.</summary>
    Network,

    /// <summary>The primary answered with an error RCODE (REFUSED, NOTIMP, SERVFAIL, NOTAUTH ...) or without authority.</summary>
    ResponseCode,

    /// <summary>The answer is not a well-formed SOA answer, AXFR or IXFR (RFC 1995 §4, RFC 5936 §2.2).</summary>
    Malformed,

    /// <summary>TSIG verification failed, or the answer to a signed request was not signed (RFC 8945 §5.3).</summary>
    Authentication,

    /// <summary>An IXFR history does not apply to the version we hold (a removed record is absent, a serial does not chain).</summary>
    Inconsistent,

    /// <summary>The transferred zone breaks the zone rules (no NS at the apex, CNAME beside data, out-of-zone names ...).</summary>
    Invalid,
}
