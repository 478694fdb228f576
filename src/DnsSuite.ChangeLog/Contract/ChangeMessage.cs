namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// The value of a record on the changes topic (docs/change-log.md): the zone it changes, prerequisites
/// that must all hold, and operations applied atomically in order. Names and RDATA stay text here, as
/// producers wrote them; <see cref="DnsSuite.ChangeLog.Materialization.ChangeApplier"/> resolves them
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

    /// <summary>Free text for operators: who or what produced the message.</summary>
    public string? Source { get; init; }
}
