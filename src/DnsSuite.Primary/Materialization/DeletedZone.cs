using DnsSuite.ChangeLog;

namespace DnsSuite.Primary.Materialization;

/// <summary>A deleted zone's last serial and the DELETE_ZONE record's position, kept so a re-created zone continues above the serial.</summary>
public sealed record DeletedZone(uint LastSerial, LogPosition Position)
{
    /// <summary>The zone's first record not in a written snapshot when it was deleted (the deletion marker covers it).</summary>
    public long? FirstOffsetSinceSnapshot { get; init; }
}
