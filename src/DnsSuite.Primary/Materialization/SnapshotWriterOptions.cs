using DnsSuite.Zones.Journal;

namespace DnsSuite.Primary.Materialization;

/// <summary>When the snapshot writer writes a zone, and how large one snapshot value may be.</summary>
public sealed class SnapshotWriterOptions
{
    /// <summary>
    /// Write a zone once this many of its records were consumed since its last snapshot, or as many as the zone
    /// holds resource records if that is more (a large zone's snapshot costs as much as the zone is large).
    /// </summary>
    public int EveryRecords { get; set; } = 1000;

    /// <summary>Write a zone with any record since its last snapshot once this long passed (wall clock: it decides when, never what).</summary>
    public TimeSpan EveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest snapshot value; larger zones are chunked. The producer's own limit (librdkafka's message.max.bytes,
    /// 1,000,000 by default) counts the key and the record-batch overhead too, so a value must stay well below it.
    /// </summary>
    public int MaxValueBytes { get; set; } = 900_000;

    /// <summary>
    /// How much of a zone's recent history a snapshot carries, so that a primary started from it serves IXFR to
    /// secondaries at older serials. Primaries sharing a log should agree on it: it decides what a snapshot holds.
    /// </summary>
    public JournalOptions Journal { get; set; } = new() { MaxChangesets = 1000, MaxBytes = 128 * 1024 };
}
