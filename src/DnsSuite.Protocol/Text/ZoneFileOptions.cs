namespace DnsSuite.Protocol.Text;

/// <summary>
/// What reading a zone file may cost and which files it may open (docs/zone-files.md, "Limits and $INCLUDE"):
/// the configuration section <c>Server:ZoneFiles</c>.
/// </summary>
public sealed class ZoneFileOptions
{
    /// <summary>The limits that apply when nothing is configured.</summary>
    public static ZoneFileOptions Default { get; } = new();

    /// <summary>
    /// The most octets a zone file and every file it includes may hold together: 512 MiB, some ten million records,
    /// far above any real zone and far below what would exhaust the memory of a server.
    /// </summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The most characters on one line: 1 MiB, four times the longest RDATA (65,535 octets written as \DDD escapes).
    /// </summary>
    public int MaxLineLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// Folders besides the including file's own folder (for the zone folder's files: the zone folder) that
    /// <c>$INCLUDE</c> may read from. Empty by default; /proc, /sys and /dev stay refused whatever is listed.
    /// </summary>
    public List<string> IncludeDirectories { get; set; } = [];
}
