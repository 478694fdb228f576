using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Reads the snapshots topic (last value per key) into a <see cref="ZoneMaterializer"/>: each zone snapshot checked
/// against its key and decoded with its chunks and its history, each deleted-zone marker, each partition checkpoint.
/// The one reading of the snapshots, for a primary's start-up (<see cref="ChangeLogIngestor"/>) and for
/// <c>dnssuite log inspect</c>, so both see the same zones. Says what it did with each key (<see cref="LoadedSnapshots.Entries"/>).
/// </summary>
public static class SnapshotLoader
{
    public static async Task<LoadedSnapshots> LoadAsync(IChangeLog log, ZoneMaterializer materializer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(materializer);
        var latest = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        await foreach (LogRecord record in log.ReadSnapshotsAsync(cancellationToken).ConfigureAwait(false))
        {
            latest[record.Key] = record.Value;
        }

        var entries = new List<SnapshotEntry>();
        var checkpoints = new Dictionary<int, long>();
        var untrusted = new HashSet<int>();
        bool allUntrusted = false;
        foreach ((string key, byte[]? value) in latest.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            bool marker = ZoneSnapshotCodec.IsDeletionMarkerKey(key, out string? markedZone);
            if (value is null || !(marker || key.StartsWith(PartitionCheckpoint.KeyPrefix, StringComparison.Ordinal) || key.EndsWith('.')))
            {
                continue; // tombstones and chunks (read through their manifest)
            }

            if (key.StartsWith(PartitionCheckpoint.KeyPrefix, StringComparison.Ordinal))
            {
                if (ChangeLogJson.TryParseCheckpoint(value, out PartitionCheckpoint? checkpoint, out string? checkpointError))
                {
                    checkpoints[checkpoint.Partition] = checkpoint.Offset;
                }
                else
                {
                    entries.Add(new SnapshotEntry(key, SnapshotEntryKind.Ignored, null, null, checkpointError));
                }

                continue;
            }

            if (!ChangeLogJson.TryParseSnapshot(value, out ZoneSnapshot? snapshot, out string? error)
                || !DomainName.TryParse(snapshot.Zone, DomainName.Root, out DomainName? origin, out error))
            {
                // Which partition holds the zone is unknown, so no checkpoint can be trusted to cover it.
                entries.Add(new SnapshotEntry(key, SnapshotEntryKind.Ignored, null, null, error));
                allUntrusted = true;
                continue;
            }

            // A marker under the zone key itself is what earlier versions wrote; it is still read.
            if (!string.Equals(ChangeApplier.KeyOf(origin), markedZone ?? key, StringComparison.Ordinal) || (marker && !snapshot.Deleted))
            {
                entries.Add(new SnapshotEntry(key, SnapshotEntryKind.Ignored, snapshot, null,
                    marker && !snapshot.Deleted ? "a deletion marker's key holds a zone snapshot" : $"the value is a snapshot of zone {snapshot.Zone}"));
                allUntrusted = true;
                continue;
            }

            if (snapshot.Deleted)
            {
                // The marker key sorts after the zone key, so a zone snapshot that already includes the marker wins.
                bool loaded = materializer.LoadDeleted(origin, new DeletedZone(snapshot.Serial, snapshot.Position));
                entries.Add(new SnapshotEntry(key, loaded ? SnapshotEntryKind.Deleted : SnapshotEntryKind.DeletionSuperseded, snapshot, null, null) { IsMarker = marker });
                continue;
            }

            if (!ZoneSnapshotCodec.TryDecode(snapshot, latest, out ZoneVersion? version, out error))
            {
                // The zone must come from its changes alone, so its partition is needed from the start.
                entries.Add(new SnapshotEntry(key, SnapshotEntryKind.Ignored, snapshot, null, error));
                untrusted.Add(snapshot.Position.Partition);
                continue;
            }

            string? journalProblem = null;
            if (!ZoneSnapshotCodec.TryDecodeJournal(snapshot, version, out IReadOnlyList<Changeset>? history, out error))
            {
                journalProblem = error;
                history = [];
            }

            materializer.Load(version, snapshot.SerialPolicy!.Value, snapshot.Position, ZoneStatus.Current, snapshot.Metadata, snapshot.MetadataPosition, history);
            entries.Add(new SnapshotEntry(key, SnapshotEntryKind.Loaded, snapshot, version, journalProblem) { History = history });
        }

        IReadOnlyDictionary<int, long> trusted = allUntrusted
            ? new Dictionary<int, long>()
            : checkpoints.Where(entry => !untrusted.Contains(entry.Key)).ToDictionary(entry => entry.Key, entry => entry.Value);
        return new LoadedSnapshots(entries, trusted);
    }
}

/// <summary>What <see cref="SnapshotLoader"/> did with the snapshots topic.</summary>
/// <param name="Entries">Per zone key or marker key (in key order), what was loaded or ignored; checkpoints only when ignored.</param>
/// <param name="Checkpoints">
/// Per partition, the checkpoint that may be trusted: none when a snapshot could not be attributed to a zone, none for
/// a partition with a zone whose snapshot could not be decoded (that zone needs its changes from the start).
/// </param>
public sealed record LoadedSnapshots(IReadOnlyList<SnapshotEntry> Entries, IReadOnlyDictionary<int, long> Checkpoints);

public enum SnapshotEntryKind
{
    /// <summary>A zone snapshot, now the zone in the materializer (<see cref="SnapshotEntry.Problem"/>: its history was not usable).</summary>
    Loaded,

    /// <summary>A deleted zone's marker, now known to the materializer.</summary>
    Deleted,

    /// <summary>A deletion marker that the zone's own snapshot already includes.</summary>
    DeletionSuperseded,

    /// <summary>Not usable; <see cref="SnapshotEntry.Problem"/> says why.</summary>
    Ignored,
}

/// <summary>One key of the snapshots topic and what the loader made of it.</summary>
public sealed record SnapshotEntry(string Key, SnapshotEntryKind Kind, ZoneSnapshot? Snapshot, ZoneVersion? Version, string? Problem)
{
    /// <summary>The value was under a deletion-marker key (not the zone key).</summary>
    public bool IsMarker { get; init; }

    /// <summary>The history loaded with the zone into its journal (<see cref="SnapshotEntryKind.Loaded"/>).</summary>
    public IReadOnlyList<Changeset> History { get; init; } = [];
}
