namespace DnsSuite.Server.Query;

/// <summary>Where the search of RFC 1034 §4.3.2 step 3 ended for one name.</summary>
internal enum MatchKind
{
    /// <summary>The name exists (possibly as an empty non-terminal, or as a zone cut when the query is for DS).</summary>
    Exact,

    /// <summary>The name does not exist but the source of synthesis <c>*.&lt;closest encloser&gt;</c> does (RFC 4592 §3.3.1).</summary>
    Wildcard,

    /// <summary>A zone cut at or above the name: answer with a referral.</summary>
    Referral,

    /// <summary>A DNAME above the name (RFC 6672 §3.2).</summary>
    Dname,

    /// <summary>Neither the name nor a matching wildcard exists.</summary>
    NXDomain,
}
