namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// A chunked snapshot's manifest: the zone-file text is the concatenation of the values of the keys
/// <c>&lt;zone&gt;#&lt;Id&gt;#0</c> .. <c>#&lt;Count-1&gt;</c>, whose SHA-256 is <see cref="Sha256"/> (lower-case hex).
/// </summary>
public sealed record SnapshotChunks
{
    public required string Id { get; init; }

    public required int Count { get; init; }

    public required string Sha256 { get; init; }

    /// <summary>The key of chunk <paramref name="index"/> of <paramref name="zoneKey"/>'s snapshot <paramref name="id"/>.</summary>
    public static string ChunkKey(string zoneKey, string id, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{zoneKey}#{id}#{index}");
}
