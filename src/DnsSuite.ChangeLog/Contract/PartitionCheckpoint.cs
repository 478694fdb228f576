namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// The value of the key <c>#checkpoint#&lt;partition&gt;</c> on the snapshots topic: every zone that had a
/// changes record at or below <see cref="Offset"/> in <see cref="Partition"/> has a snapshot (or deletion
/// marker) including all of its records up to there. A reader needs that partition only from Offset + 1.
/// </summary>
public sealed record PartitionCheckpoint
{
    public const string KeyPrefix = "#checkpoint#";

    public int Version { get; init; } = ChangeMessage.CurrentVersion;

    public required int Partition { get; init; }

    public required long Offset { get; init; }

    public static string KeyOf(int partition) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{KeyPrefix}{partition}");
}
