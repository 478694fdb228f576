using DnsSuite.ChangeLog.Embedded;

namespace DnsSuite.Primary.Hosting;

/// <summary>The <c>ChangeLog:Embedded</c> configuration section: settings of the embedded change log.</summary>
public sealed class EmbeddedLogOptions
{
    /// <summary>
    /// How often a reader waiting at the end of the embedded log checks the file for records another process (such as
    /// <c>dnssuite publish</c>) appended; an append by the same process is read at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = new EmbeddedChangeLogOptions().PollInterval;
}
