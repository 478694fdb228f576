using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Materialization;

/// <summary>
/// Snapshot values (docs/change-log.md, "Snapshots"): deterministic bytes for a zone at a position, so
/// two primaries at the same position write identical values, chunked above a size limit.
/// </summary>
public static class ZoneSnapshotCodec
{
    /// <summary>
    /// The snapshot records of <paramref name="state"/>'s zone, in the order to write them: chunks (if
    /// the inline value exceeds <paramref name="maxValueBytes"/>) and then the value under the zone key.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Encode(ZoneState state, int maxValueBytes) =>
        Encode(state.Version, state.SerialPolicy, state.Position, maxValueBytes, state.Metadata, state.MetadataPosition);

    /// <summary>
    /// The snapshot records of <paramref name="version"/> including the changes up to <paramref name="position"/>;
    /// <paramref name="metadataPosition"/> defaults to <paramref name="position"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Encode(
        ZoneVersion version, SerialPolicy serialPolicy, LogPosition position, int maxValueBytes, ZoneMetadata? metadata = null, LogPosition? metadataPosition = null)
    {
        string key = ChangeApplier.KeyOf(version.Origin);
        // ZoneFileWriter sorts canonically itself: storage order saves sorting a large zone twice.
        string zonefile = ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords(canonicalOrder: false));
        var inline = new ZoneSnapshot
        {
            Zone = key,
            Serial = version.Serial,
            SerialPolicy = serialPolicy,
            Metadata = metadata is null || metadata.IsEmpty ? null : metadata,
            MetadataPosition = metadataPosition ?? position,
            Position = position,
            Zonefile = zonefile,
        };
        byte[] value = ChangeLogJson.Serialize(inline);
        if (value.Length <= maxValueBytes)
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
        records.Add(new(key, ChangeLogJson.Serialize(manifest)));
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

            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(text.ToArray())), chunks.Sha256, StringComparison.Ordinal))
            {
                error = "the chunks do not match the manifest's SHA-256";
                return false;
            }

            zonefile = Encoding.UTF8.GetString(text.ToArray());
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
            version = ZoneVersion.Create(origin, ZoneFileReader.Read(zonefile, origin));
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
