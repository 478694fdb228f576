using DnsSuite.ChangeLog;

using System.Text.Json.Serialization;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// The value of a zone key on the snapshots topic: the zone as of <see cref="Position"/> (that record
/// included), either inline (<see cref="Zonefile"/>), as a manifest of <see cref="Chunks"/>, or a
/// deletion marker (<see cref="Deleted"/>) that keeps the last serial so a re-created zone continues above it.
/// </summary>
public sealed record ZoneSnapshot
{
    public int Version { get; init; } = ChangeMessage.CurrentVersion;

    /// <summary>The zone apex, lower-case, absolute: the same text as the key.</summary>
    public required string Zone { get; init; }

    public required uint Serial { get; init; }

    /// <summary>The zone's serial policy; absent in a deletion marker.</summary>
    public SerialPolicy? SerialPolicy { get; init; }

    /// <summary>The zone's metadata; absent when it has none (and in snapshots written before metadata existed).</summary>
    public ZoneMetadata? Metadata { get; init; }

    /// <summary>
    /// The changes-topic record that last set the zone's membership in the catalog (CREATE_ZONE or SET_METADATA); the
    /// catalog zone's serial derives from these. Absent in snapshots written before catalogs: <see cref="Position"/> stands in.
    /// </summary>
    public LogPosition? MetadataPosition { get; init; }

    /// <summary>The last changes-topic record this snapshot includes.</summary>
    public required LogPosition Position { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Deleted { get; init; }

    /// <summary>The canonical zone-file text (ZoneFileWriter), when it fits in one value.</summary>
    public string? Zonefile { get; init; }

    /// <summary>Where the zone-file text is when it does not fit in one value.</summary>
    public SnapshotChunks? Chunks { get; init; }

    /// <summary>
    /// The zone's recent changesets, oldest first, the last one ending at <see cref="Serial"/>: a primary started
    /// from this snapshot serves IXFR from them. Absent in snapshots written before it existed.
    /// </summary>
    public IReadOnlyList<SnapshotChangeset>? Journal { get; init; }
}
