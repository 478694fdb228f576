using DnsSuite.Primary.Materialization;

namespace DnsSuite.Primary.Hosting;

/// <summary>The <c>ChangeLog</c> configuration section: where the embedded log lives, how it polls, and when snapshots are written.</summary>
public sealed class ChangeLogOptions
{
    public const string SectionName = "ChangeLog";

    /// <summary>The embedded log's folder, and where a primary keeps what it seeded from zone files (with Kafka too).</summary>
    public string DataDirectory { get; set; } = "data";

    public SnapshotWriterOptions Snapshots { get; set; } = new();

    public EmbeddedLogOptions Embedded { get; set; } = new();
}
