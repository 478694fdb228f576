namespace DnsSuite.Server.Query;

/// <summary>What the fast path makes of a request after reading its header, question and OPT.</summary>
internal enum QueryParseStatus
{
    /// <summary>An ordinary query the engine answers.</summary>
    Ok,

    /// <summary>Not worth an answer: shorter than a header, or itself a response (RFC 1035 §4.1.1 QR).</summary>
    Drop,

    /// <summary>A readable header but a malformed question or record section.</summary>
    FormErr,

    /// <summary>An opcode this server does not implement.</summary>
    NotImp,

    /// <summary>NOTIFY, UPDATE, AXFR/IXFR or a TSIG-signed request: the pipeline's slow path handles it.</summary>
    SlowPath,
}
