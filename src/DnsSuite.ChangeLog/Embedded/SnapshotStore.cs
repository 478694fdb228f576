using Microsoft.Win32.SafeHandles;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// The snapshots of the embedded log: one file per key in snapshots/, holding one record frame whose
/// offset is a sequence number. A write goes to a temporary file, is fsynced, renamed over the old file,
/// and the directory is fsynced; a tombstone deletes the file. So after a crash every key has either its
/// old or its new value, never a mix. Only one process should write snapshots (the primary).
/// </summary>
internal sealed class SnapshotStore
{
    private const string TemporaryExtension = ".tmp";

    private readonly string directory;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private long lastSequence;

    private SnapshotStore(string directory, TimeProvider time, long lastSequence)
    {
        this.directory = directory;
        this.time = time;
        this.lastSequence = lastSequence;
    }

    public static SnapshotStore Open(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        foreach (var leftover in Directory.EnumerateFiles(directory, "*" + TemporaryExtension))
        {
            // A write that crashed before its rename; the previous snapshot of that key is intact.
            File.Delete(leftover);
        }

        long last = 0;
        foreach (var record in ReadAll(directory))
        {
            last = Math.Max(last, record.Position.Offset);
        }

        return new SnapshotStore(directory, time, last);
    }

    public async Task WriteAsync(string key, byte[]? value, CancellationToken cancellationToken)
    {
        var keyBytes = RecordFrame.EncodeKey(key, nameof(key));
        var path = Path.Combine(directory, SnapshotFileName.For(keyBytes));
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (value is null)
            {
                File.Delete(path);
            }
            else
            {
                var frame = RecordFrame.Create(++lastSequence, time.GetUtcNow().ToUnixTimeMilliseconds(), keyBytes, value);
                var temporary = path + TemporaryExtension;
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
                {
                    file.Write(frame);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
            }

            DirectorySync.Flush(directory);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public IEnumerable<LogRecord> ReadAll() => ReadAll(directory);

    private static IEnumerable<LogRecord> ReadAll(string directory)
    {
        var paths = Directory.GetFiles(directory, "*" + SnapshotFileName.Extension);
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            yield return Read(path);
        }
    }

    private static LogRecord Read(string path)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        if (length > RecordFrame.HeaderSize + RecordFrame.MaxBodySize)
        {
            throw new ChangeLogCorruptException(path, 0, $"a snapshot file of {length} bytes is larger than any record");
        }

        var bytes = new byte[length];
        var read = RandomAccess.Read(file, bytes, 0);
        var status = RecordFrame.TryDecode(bytes.AsSpan(0, read), out var frame, out var problem);
        if (status != FrameStatus.Valid)
        {
            throw new ChangeLogCorruptException(path, 0, problem);
        }

        if (frame.Size != read)
        {
            throw new ChangeLogCorruptException(path, frame.Size, $"{read - frame.Size} unexpected bytes after the snapshot record");
        }

        return new LogRecord(frame.Key, frame.Value, new LogPosition(0, frame.Offset), DateTimeOffset.FromUnixTimeMilliseconds(frame.TimestampMs));
    }
}
