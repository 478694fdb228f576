namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// The repair of a corrupt changes.log (docs/embedded-log.md, "Recovery"), as Kafka recovers a segment: the file is
/// cut at the end of the last whole record whose offset follows the one before, and the bytes cut off are kept
/// beside it in <c>changes.log.cut-POSITION</c>. Records after the damage are lost to the log (the primaries that
/// served them are not: their next snapshot brings the zones back), so it is an operator's decision, taken with
/// every process using the folder stopped.
/// </summary>
public static class EmbeddedLogRepair
{
    /// <summary>Repairs the log in <paramref name="dataDirectory"/>; null when it needed nothing.</summary>
    /// <exception cref="ChangeLogCorruptException">The file header itself is damaged: no record can be trusted.</exception>
    public static async Task<EmbeddedLogRepairResult?> RepairAsync(string dataDirectory, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        string directory = Path.GetFullPath(dataDirectory);
        string path = Path.Combine(directory, EmbeddedChangeLog.ChangesFileName);
        using FileStream fileLock = await CrossProcessLock.AcquireAsync(Path.Combine(directory, EmbeddedChangeLog.LockFileName), lockTimeout, cancellationToken).ConfigureAwait(false);
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        long length = RandomAccess.GetLength(file.SafeFileHandle);
        long next = ChangesFile.ReadHeader(file.SafeFileHandle, path).LogStart;
        long position = ChangesFile.HeaderSize;
        var frames = new FrameReader();
        while (position < length)
        {
            if (frames.Read(file.SafeFileHandle, position, length, out Frame frame, out _) != FrameStatus.Valid || frame.Offset != next)
            {
                break;
            }

            position += frame.Size;
            next++;
        }

        if (position == length)
        {
            return null;
        }

        string cut = $"{path}.cut-{position}";
        using (var saved = new FileStream(cut, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            file.Position = position;
            await file.CopyToAsync(saved, cancellationToken).ConfigureAwait(false);
            saved.Flush(flushToDisk: true);
        }

        file.SetLength(position);
        file.Flush(flushToDisk: true);
        DirectorySync.Flush(directory);
        return new EmbeddedLogRepairResult(path, position, length - position, next, cut);
    }
}
