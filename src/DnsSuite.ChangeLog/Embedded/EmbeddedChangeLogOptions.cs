namespace DnsSuite.ChangeLog.Embedded;

/// <summary>Settings of the embedded change log.</summary>
public sealed class EmbeddedChangeLogOptions
{
    /// <summary>The data directory holding changes.log, changes.lock and snapshots/.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>How often a waiting reader checks the file for appends made by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long an append waits for another process to release the append lock before failing.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("The embedded change log needs a data directory.", nameof(DataDirectory));
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be positive.");
        }

        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "The lock timeout must be positive.");
        }
    }
}
