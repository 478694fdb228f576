namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// A file of the embedded log holds bytes that are not a valid record where valid records must be (not a
/// torn last write, which recovery removes). Opening refuses rather than drop accepted records; the
/// message names the file and the byte offset so an operator can inspect it (docs/embedded-log.md).
/// </summary>
public sealed class ChangeLogCorruptException : IOException
{
    /// <summary>Creates the exception for <paramref name="problem"/> at <paramref name="byteOffset"/> of <paramref name="filePath"/>.</summary>
    public ChangeLogCorruptException(string filePath, long byteOffset, string problem)
        : base($"Embedded change log file '{filePath}' is corrupt at byte offset {byteOffset}: {problem}. "
            + "Nothing after it is read, so that no accepted record is silently dropped. To repair: stop every process using the "
            + "folder, copy it aside, then 'dnssuite log repair --data DIR' cuts the file at the last whole record (the bytes "
            + "cut off are saved beside it); see docs/embedded-log.md, \"Recovery\".")
    {
        FilePath = filePath;
        ByteOffset = byteOffset;
    }

    /// <summary>The corrupt file.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file the first unreadable byte is.</summary>
    public long ByteOffset { get; }
}
