using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;
using DnsSuite.Zones.Journal;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Snapshot values (docs/change-log.md, "Snapshots"): deterministic bytes for a zone at a position, so
/// two primaries at the same position write identical values, chunked above a size limit.
/// </summary>
public static class ZoneSnapshotCodec
{
    /// <summary>
    /// The snapshot records of <paramref name="state"/>'s zone, with the part of its journal within <paramref name="history"/>,
    /// in the order to write them: chunks (if the inline value exceeds <paramref name="maxValueBytes"/>) and then the value
    /// under the zone key.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Encode(ZoneState state, JournalOptions history, int maxValueBytes) => Capture(state, history)(maxValueBytes);

    /// <summary>
    /// <see cref="Encode(ZoneState, JournalOptions, int)"/> of <paramref name="state"/> as it is now, to call later on any
    /// thread while the materializer moves the state on: what it encodes is immutable or copied here.
    /// </summary>
    public static Func<int, IReadOnlyList<KeyValuePair<string, byte[]>>> Capture(ZoneState state, JournalOptions history)
    {
        (ZoneVersion version, SerialPolicy policy, LogPosition position) = (state.Version, state.SerialPolicy, state.Position);
        (ZoneMetadata metadata, LogPosition metadataPosition, Changeset[] journal) = (state.Metadata, state.MetadataPosition, state.Zone.Journal.ToArray(history));
        return maxValueBytes => Encode(version, policy, position, maxValueBytes, metadata, metadataPosition, journal);
    }

    /// <summary>
    /// The snapshot records of <paramref name="version"/> including the changes up to <paramref name="position"/>;
    /// <paramref name="metadataPosition"/> defaults to <paramref name="position"/>; <paramref name="history"/> is the
    /// recent history the snapshot carries (oldest first, ending at the version).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Encode(
        ZoneVersion version, SerialPolicy serialPolicy, LogPosition position, int maxValueBytes,
        ZoneMetadata? metadata = null, LogPosition? metadataPosition = null, IReadOnlyList<Changeset>? history = null)
    {
        string key = ChangeApplier.KeyOf(version.Origin);
        // ZoneFileWriter sorts canonically itself: storage order saves sorting a large zone twice.
        string zonefile = ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords(canonicalOrder: false));
        SnapshotChangeset[] journal = [.. (history ?? []).Select(changes => JournalText.Encode(version.Origin, changes)).Select(text => new SnapshotChangeset
        {
            From = text.From,
            To = text.To,
            Removed = text.Removed,
            Added = text.Added,
        })];
        var inline = new ZoneSnapshot
        {
            Zone = key,
            Serial = version.Serial,
            SerialPolicy = serialPolicy,
            Metadata = metadata is null || metadata.IsEmpty ? null : metadata,
            MetadataPosition = metadataPosition ?? position,
            Position = position,
            Zonefile = zonefile,
            Journal = journal.Length == 0 ? null : journal,
        };
        // The inline value holds the text, and the text has at least as many UTF-8 bytes as characters: a zone whose
        // text alone is too long goes to chunks without serializing it inline first (tens of MB for a large zone).
        if (zonefile.Length <= maxValueBytes && ChangeLogJson.Serialize(inline) is { } value && value.Length <= maxValueBytes)
        {
            return [new(key, value)];
        }

        byte[] text = Encoding.UTF8.GetBytes(zonefile);
        string id = string.Create(CultureInfo.InvariantCulture, $"{position.Partition}-{position.Offset}");
        int count = (text.Length + maxValueBytes - 1) / maxValueBytes;
        var records = new List<KeyValuePair<string, byte[]>>(count + 1);
        for (int i = 0; i < count; i++)
        {
            int start = i * maxValueBytes;
            records.Add(new(SnapshotChunks.ChunkKey(key, id, i), text[start..Math.Min(text.Length, start + maxValueBytes)]));
        }

        var manifest = inline with
        {
            Zonefile = null,
            Chunks = new SnapshotChunks { Id = id, Count = count, Sha256 = Convert.ToHexStringLower(SHA256.HashData(text)) },
        };
        byte[] manifestValue = ChangeLogJson.Serialize(manifest);
        while (manifestValue.Length > maxValueBytes && manifest.Journal is { Count: > 0 } carried)
        {
            // The zone is in chunks already: what still does not fit is history, and its oldest quarter goes first.
            manifest = manifest with { Journal = carried.Count == 1 ? null : [.. carried.Skip((carried.Count + 3) / 4)] };
            manifestValue = ChangeLogJson.Serialize(manifest);
        }

        records.Add(new(key, manifestValue));
        return records;
    }

    /// <summary>The suffix of a deletion marker's key: <c>&lt;zone&gt;#deleted</c> (chunk keys have two '#', so they never collide).</summary>
    public const string DeletionMarkerSuffix = "#deleted";

    /// <summary>
    /// The key of <paramref name="zoneKey"/>'s deletion marker. The zone key itself gets a tombstone when the zone
    /// is deleted; the marker lives under its own key so that the last serial survives compaction.
    /// </summary>
    public static string DeletionMarkerKey(string zoneKey) => zoneKey + DeletionMarkerSuffix;

    /// <summary>Whether <paramref name="key"/> is a deletion marker's key; <paramref name="zoneKey"/> is then the zone's key.</summary>
    public static bool IsDeletionMarkerKey(string key, [NotNullWhen(true)] out string? zoneKey)
    {
        zoneKey = key.EndsWith(DeletionMarkerSuffix, StringComparison.Ordinal) && key.Length > DeletionMarkerSuffix.Length
            ? key[..^DeletionMarkerSuffix.Length]
            : null;
        return zoneKey is not null && zoneKey.EndsWith('.') && !zoneKey.Contains('#', StringComparison.Ordinal);
    }


    /// <summary>
    /// The history a (non-deleted) snapshot carries, as changesets ending at <paramref name="version"/>; empty
    /// for a snapshot without one. Fails when an entry does not parse or the chain does not lead to the version.
    /// </summary>
    public static bool TryDecodeJournal(ZoneSnapshot snapshot, ZoneVersion version, [NotNullWhen(true)] out IReadOnlyList<Changeset>? history, [NotNullWhen(false)] out string? error)
    {
        history = null;
        var changes = new List<Changeset>(snapshot.Journal?.Count ?? 0);
        foreach (SnapshotChangeset entry in snapshot.Journal ?? [])
        {
            int index = changes.Count;
            string? include = IncludeGuard.FindInclude(entry.Removed) is { } removedLine ? $"line {removedLine} of removed"
                : IncludeGuard.FindInclude(entry.Added) is { } addedLine ? $"line {addedLine} of added" : null;
            if (include is not null)
            {
                error = $"journal entry {index}: {include} is an $INCLUDE";
                return false;
            }

            try
            {
                changes.Add(JournalText.Decode(version.Origin, new ChangesetText(entry.From, entry.To, entry.Removed, entry.Added)));
            }
            catch (ZoneFormatException e)
            {
                error = $"journal entry {index}: {e.Message}";
                return false;
            }
        }

        if (JournalText.CheckContiguous(changes, version.Serial) is { } problem)
        {
            error = $"the journal {problem}";
            return false;
        }

        error = null;
        history = changes;
        return true;
    }

    /// <summary>The deletion marker of a deleted zone, written under <see cref="DeletionMarkerKey"/>.</summary>
    public static byte[] EncodeDeleted(DomainName origin, DeletedZone deleted) => ChangeLogJson.Serialize(new ZoneSnapshot
    {
        Zone = ChangeApplier.KeyOf(origin),
        Serial = deleted.LastSerial,
        Position = deleted.Position,
        Deleted = true,
    });

    /// <summary>The chunk keys a manifest refers to (none for an inline snapshot).</summary>
    public static IEnumerable<string> ChunkKeys(ZoneSnapshot snapshot) =>
        snapshot.Chunks is { } chunks ? Enumerable.Range(0, chunks.Count).Select(i => SnapshotChunks.ChunkKey(snapshot.Zone, chunks.Id, i)) : [];

    /// <summary>
    /// The zone version a (non-deleted) snapshot holds, reading chunks from <paramref name="latest"/> (the
    /// last value per key). Fails when chunks are missing or do not match the manifest's hash, or the
    /// content is not a valid zone with the snapshot's serial.
    /// </summary>
    public static bool TryDecode(ZoneSnapshot snapshot, IReadOnlyDictionary<string, byte[]?> latest, [NotNullWhen(true)] out ZoneVersion? version, [NotNullWhen(false)] out string? error)
    {
        version = null;
        if (!DomainName.TryParse(snapshot.Zone, DomainName.Root, out DomainName? origin, out error))
        {
            return false;
        }

        if (snapshot.SerialPolicy is null)
        {
            error = "the snapshot has no serial_policy";
            return false;
        }

        string? zonefile = snapshot.Zonefile;
        if (snapshot.Chunks is { } chunks)
        {
            using var text = new MemoryStream();
            foreach (string chunkKey in ChunkKeys(snapshot))
            {
                if (!latest.TryGetValue(chunkKey, out byte[]? chunk) || chunk is null)
                {
                    error = $"chunk '{chunkKey}' of {chunks.Count} is missing: the chunk set is incomplete";
                    return false;
                }

                text.Write(chunk);
            }

            ReadOnlySpan<byte> joined = text.GetBuffer().AsSpan(0, (int)text.Length);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(joined)), chunks.Sha256, StringComparison.Ordinal))
            {
                error = "the chunks do not match the manifest's SHA-256";
                return false;
            }

            zonefile = Encoding.UTF8.GetString(joined);
        }

        if (zonefile is null)
        {
            error = "the snapshot has neither zonefile nor chunks";
            return false;
        }

        if (IncludeGuard.FindInclude(zonefile) is { } line)
        {
            error = $"line {line} of the zone file is an $INCLUDE";
            return false;
        }

        try
        {
            version = ZoneFile.Parse(zonefile, origin);
        }
        catch (Exception e) when (e is ZoneFormatException or ZoneValidationException)
        {
            error = e.Message;
            return false;
        }

        if (version.Serial != snapshot.Serial)
        {
            error = $"the zone's SOA serial {version.Serial} is not the snapshot's serial {snapshot.Serial}";
            version = null;
            return false;
        }

        return true;
    }
}
