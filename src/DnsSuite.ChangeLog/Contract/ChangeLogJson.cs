using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Reads and writes the JSON values of both topics (docs/change-log.md, docs/change-log.schema.json).
/// Reading is strict: unknown members, missing required members and nulls where none belong are errors,
/// so a typo in a producer is a visible rejection instead of a silently ignored field.
/// </summary>
public static class ChangeLogJson
{
    public static byte[] Serialize(ChangeMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, ChangeLogJsonContext.Default.ChangeMessage);

    public static byte[] Serialize(ZoneSnapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(snapshot, ChangeLogJsonContext.Default.ZoneSnapshot);

    public static byte[] Serialize(PartitionCheckpoint checkpoint) =>
        JsonSerializer.SerializeToUtf8Bytes(checkpoint, ChangeLogJsonContext.Default.PartitionCheckpoint);

    /// <summary>
    /// Parses a changes-topic value. On failure <paramref name="error"/> says why and
    /// <paramref name="unsupportedVersion"/> tells a readable message of another format version from broken JSON.
    /// </summary>
    public static bool TryParseChange(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out ChangeMessage? message, [NotNullWhen(false)] out string? error, out bool unsupportedVersion)
    {
        unsupportedVersion = false;
        if (ChangeMessageReader.TryRead(utf8, out message, out error))
        {
            return true;
        }

        // Only a failed read looks for the version: a message of another format is reported as such, whatever in it
        // this reader did not understand first.
        if (ProbeVersion(utf8) is { } version && version != ChangeMessage.CurrentVersion)
        {
            unsupportedVersion = true;
            error = $"message format version {version} is not supported (this reader knows version {ChangeMessage.CurrentVersion})";
        }

        return false;
    }

    public static bool TryParseSnapshot(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out ZoneSnapshot? snapshot, [NotNullWhen(false)] out string? error) =>
        TryDeserialize(utf8, ChangeLogJsonContext.Default.ZoneSnapshot, out snapshot, out error);

    public static bool TryParseCheckpoint(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out PartitionCheckpoint? checkpoint, [NotNullWhen(false)] out string? error) =>
        TryDeserialize(utf8, ChangeLogJsonContext.Default.PartitionCheckpoint, out checkpoint, out error);

    private static bool TryDeserialize<T>(ReadOnlySpan<byte> utf8, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(utf8, type);
        }
        catch (JsonException e)
        {
            value = null;
            error = e.Message;
            return false;
        }

        if (value is null)
        {
            error = "the value is JSON null";
            return false;
        }

        error = null;
        return true;
    }

    // The first top-level "version" number, skipping over whatever other members come before it.
    private static int? ProbeVersion(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVersion = reader.ValueTextEquals("version"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int version) ? version : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
