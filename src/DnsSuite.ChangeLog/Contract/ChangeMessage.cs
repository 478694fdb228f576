using System.Text.Json.Serialization;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// The value of a record on the changes topic (docs/change-log.md): the zone it changes, prerequisites
/// that must all hold, and operations applied atomically in order. Names and RDATA stay text here, as
/// producers wrote them; the primary's apply (<c>DnsSuite.Primary</c>) resolves them
/// against the zone.
/// </summary>
public sealed record ChangeMessage
{
    /// <summary>The only format version this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The zone apex, absolute ("example.com.").</summary>
    public required string Zone { get; init; }

    // Init-only members are set by the JSON source generator even when absent (to null); the empty list stands in.
    public IReadOnlyList<Prerequisite> Prerequisites
    {
        get;
        init => field = value ?? [];
    } = [];

    public required IReadOnlyList<ChangeOperation> Operations { get; init; }

    /// <summary>
    /// Applies ADD and DEL with the rules of an RFC 2136 UPDATE (§3.4.2) instead of the strict ones: what the
    /// strict rules reject (a CNAME beside other data, deleting the apex SOA or the last apex NS) is skipped
    /// silently, apex SOA and NS RRsets survive RRset deletion, and an apex SOA is replaced only by a newer serial.
    /// The UPDATE front end sets it; omitted (false) otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Rfc2136 { get; init; }

    /// <summary>Free text for operators: who or what produced the message.</summary>
    public string? Source { get; init; }
}
