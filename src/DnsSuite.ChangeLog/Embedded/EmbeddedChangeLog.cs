using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// The change log of a primary without Kafka: a local, durable, append-only log in a data directory
/// (docs/embedded-log.md). One changes partition (0), stored in changes.log; snapshots in snapshots/.
/// Appends are fsynced before they complete and batched by one writer loop (group commit), under a
/// cross-process lock so that <c>dnssuite publish --data DIR</c> can append while the primary runs.
/// Readers see only flushed records: in-process appends wake them at once, other processes' appends
/// are found by polling.
/// </summary>
public sealed partial class EmbeddedChangeLog : IChangeLog
{
    /// <summary>The file holding the changes partition.</summary>
    public const string ChangesFileName = "changes.log";

    /// <summary>The lock file that serializes appends and truncations across processes.</summary>
    public const string LockFileName = "changes.lock";

    /// <summary>The directory holding one file per snapshot key.</summary>
    public const string SnapshotsDirectoryName = "snapshots";

    private const int Partition = 0;

    private readonly EmbeddedChangeLogOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string changesPath;
    private readonly string lockPath;
    private readonly SnapshotStore snapshots;

    // One sync, append batch or truncation at a time in this process; the lock file does it across processes.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Channel<PendingAppend> appends =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });

    private volatile LogState state;
    private TaskCompletionSource changed = NewSignal();
    // Completed when the file system reports a write to changes.log (inotify on Linux), which is how appends by another
    // process reach a waiting reader before its next poll; null watcher: polling only.
    private TaskCompletionSource changedOnDisk = NewSignal();
    private FileSystemWatcher? watcher;
    private Task writerLoop = Task.CompletedTask;
    private volatile bool disposed;

    private EmbeddedChangeLog(EmbeddedChangeLogOptions options, TimeProvider time, ILogger logger, SnapshotStore snapshots, LogState initial)
    {
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.snapshots = snapshots;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        changesPath = Path.Combine(DataDirectory, ChangesFileName);
        lockPath = Path.Combine(DataDirectory, LockFileName);
        state = initial;
    }

    /// <summary>The absolute path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <inheritdoc />
    public string Description => $"embedded log in {DataDirectory}";

    /// <summary>
    /// Opens (creating if needed) the log in <see cref="EmbeddedChangeLogOptions.DataDirectory"/>: verifies every
    /// record's CRC, removes a torn last write with a warning, and refuses a file corrupt anywhere else.
    /// </summary>
    /// <exception cref="ChangeLogCorruptException">A file is corrupt other than by a torn last write.</exception>
    public static async Task<EmbeddedChangeLog> OpenAsync(
        EmbeddedChangeLogOptions options,
        TimeProvider? timeProvider = null,
        ILogger<EmbeddedChangeLog>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        var snapshots = SnapshotStore.Open(Path.Combine(directory, SnapshotsDirectoryName), time);
        var log = new EmbeddedChangeLog(options, time, logger ?? (ILogger)NullLogger.Instance, snapshots, new LogState(0, 0, 0, 0));
        var opened = await log.RunLockedAsync(known: null, (_, current) => current, cancellationToken).ConfigureAwait(false);
        LogOpened(log.logger, directory, opened.LogStart, opened.NextOffset, options.PollInterval.TotalMilliseconds);
        log.watcher = log.WatchChangesFile();
        log.writerLoop = Task.Run(log.RunWriterAsync, CancellationToken.None);
        return log;
    }

    /// <inheritdoc />
    public async Task<LogPosition> AppendChangeAsync(string zoneKey, byte[] value, CancellationToken cancellationToken)
    {
        var key = RecordFrame.EncodeKey(zoneKey, nameof(zoneKey));
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(disposed, this);
        var pending = new PendingAppend(RecordFrame.Create(0, 0, key, value));
        if (!appends.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EmbeddedChangeLog));
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PartitionOffsets>> GetChangeOffsetsAsync(CancellationToken cancellationToken)
    {
        var current = await SyncAsync(cancellationToken).ConfigureAwait(false);
        return [new PartitionOffsets(Partition, current.LogStart, current.NextOffset)];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadChangesAsync(
        IReadOnlyDictionary<int, long> nextOffsets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        foreach (var partition in nextOffsets.Keys.Where(p => p != Partition))
        {
            throw new ArgumentOutOfRangeException(
                nameof(nextOffsets), partition, "The embedded log has one changes partition, 0.");
        }

        var start = await SyncAsync(cancellationToken).ConfigureAwait(false);
        var next = nextOffsets.TryGetValue(Partition, out var requested) ? requested : start.LogStart;
        if (next < 0 || next > start.NextOffset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(nextOffsets), next, $"Offset {next} is outside the embedded log (high watermark {start.NextOffset}).");
        }

        var frames = new FrameReader();
        LogState? positionedIn = null;
        long position = 0;
        var wait = options.PollInterval;
        while (true)
        {
            var signal = Volatile.Read(ref changed).Task;
            var onDisk = Volatile.Read(ref changedOnDisk).Task;
            ObjectDisposedException.ThrowIf(disposed, this);
            var current = state;
            if (next < current.LogStart)
            {
                throw new LogTruncatedException(Partition, next, current.LogStart);
            }

            if (next < current.NextOffset)
            {
                using var file = OpenForRead();
                if (ChangesFile.ReadHeader(file, changesPath).LogStart == current.LogStart)
                {
                    if (positionedIn?.LogStart != current.LogStart)
                    {
                        position = ChangesFile.Locate(file, changesPath, current, next);
                        positionedIn = current;
                    }

                    while (position < current.EndPosition)
                    {
                        var record = ReadRecordAt(frames, file, position, current.EndPosition, next, out var size);
                        position += size;
                        next++;
                        yield return record;
                    }

                    continue;
                }

                // The file was replaced by a truncation in another process that this instance has not synced yet.
            }

            await Task.WhenAny(signal, onDisk, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            // Another process reported by the watcher may still hold the lock it wrote under: try again soon rather than
            // at the next poll, backing off up to the poll interval.
            bool settled = signal.IsCompleted || disposed || DiskMatches(state) || TrySyncNow();
            wait = settled ? options.PollInterval : RetryAfter(wait);
        }
    }

    /// <inheritdoc />
    public Task WriteSnapshotAsync(string key, byte[]? value, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return snapshots.WriteAsync(key, value, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var record in snapshots.ReadAll())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Retention: deletes every record before <paramref name="offset"/> by writing the rest to a new file that
    /// replaces changes.log atomically. The log start moves up to <paramref name="offset"/>; readers that still
    /// need older records get <see cref="LogTruncatedException"/>. Does nothing when the log already starts there.
    /// </summary>
    public async Task TruncateBeforeAsync(long offset, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await RunLockedAsync(state, (file, current) => Truncate(file, current, offset), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        watcher?.Dispose();
        appends.Writer.TryComplete();
        await writerLoop.ConfigureAwait(false);
        Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SafeFileHandle OpenForRead() =>
        File.OpenHandle(changesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private LogRecord ReadRecordAt(FrameReader frames, SafeFileHandle file, long position, long end, long expectedOffset, out int size)
    {
        var status = frames.Read(file, position, end, out var frame, out var problem);
        if (status != FrameStatus.Valid)
        {
            throw new ChangeLogCorruptException(changesPath, position, problem);
        }

        if (frame.Offset != expectedOffset)
        {
            throw new ChangeLogCorruptException(changesPath, position, $"record has offset {frame.Offset} where {expectedOffset} was expected");
        }

        size = frame.Size;
        return new LogRecord(frame.Key, frame.Value, new LogPosition(Partition, frame.Offset), DateTimeOffset.FromUnixTimeMilliseconds(frame.TimestampMs));
    }

    /// <summary>Whether changes.log on disk is still exactly what <paramref name="known"/> describes.</summary>
    private bool DiskMatches(LogState known)
    {
        using var file = OpenForRead();
        return RandomAccess.GetLength(file) == known.EndPosition
            && ChangesFile.ReadHeader(file, changesPath).LogStart == known.LogStart;
    }

    private Task<LogState> SyncAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return RunLockedAsync(state, (_, current) => current, cancellationToken);
    }

    /// <summary>
    /// Syncs with the disk if nobody holds the locks now. True when it synced or a writer of this process holds them
    /// (that writer signals readers itself); false when another process holds the file lock.
    /// </summary>
    private bool TrySyncNow()
    {
        if (!gate.Wait(0))
        {
            return true;
        }

        try
        {
            using var fileLock = CrossProcessLock.TryAcquire(lockPath);
            if (fileLock is null)
            {
                return false;
            }

            using var file = OpenChangesFile();
            Publish(SyncLocked(file, state));
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>1 ms after a full wait, then twice the last wait, up to the poll interval.</summary>
    private TimeSpan RetryAfter(TimeSpan last) =>
        last >= options.PollInterval ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromTicks(Math.Min(last.Ticks * 2, options.PollInterval.Ticks));

    private FileSystemWatcher? WatchChangesFile()
    {
        var changesFile = new FileSystemWatcher(DataDirectory, ChangesFileName)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        FileSystemEventHandler written = (_, _) => Interlocked.Exchange(ref changedOnDisk, NewSignal()).TrySetResult();
        changesFile.Changed += written;
        changesFile.Created += written;
        changesFile.Renamed += (sender, e) => written(sender, e);
        try
        {
            changesFile.EnableRaisingEvents = true;
            return changesFile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Typically the inotify watch limit (fs.inotify.max_user_watches): polling alone still reads every append.
            LogNotWatched(logger, DataDirectory, e.Message, options.PollInterval.TotalMilliseconds);
            changesFile.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Takes both locks, brings the state up to date with the disk (<paramref name="known"/> null: scan the whole
    /// file), runs <paramref name="action"/> on the synced state and publishes the state it returns.
    /// </summary>
    private async Task<LogState> RunLockedAsync(
        LogState? known, Func<FileStream, LogState, LogState> action, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await CrossProcessLock.AcquireAsync(lockPath, options.LockTimeout, cancellationToken).ConfigureAwait(false);
            using var file = OpenChangesFile();
            var synced = SyncLocked(file, known);
            Publish(synced);
            var result = action(file, synced);
            Publish(result);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    private void Publish(LogState next)
    {
        if (!ReferenceEquals(next, state))
        {
            state = next;
            Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Opens changes.log for reading and writing, creating an empty log first if there is none. Holds the file lock.</summary>
    private FileStream OpenChangesFile()
    {
        if (!File.Exists(changesPath))
        {
            ReplaceChangesFile(ChangesFile.CreateHeader(0, 0), source: null, 0, 0);
        }

        return new FileStream(changesPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
    }

    /// <summary>
    /// Reads what other writers (or, at open, earlier runs) appended after <paramref name="known"/>, verifying
    /// every record. A torn tail is cut off with a warning; anything else unreadable throws. Holds the file lock.
    /// </summary>
    private LogState SyncLocked(FileStream file, LogState? known)
    {
        var handle = file.SafeFileHandle;
        var length = RandomAccess.GetLength(handle);
        var (logStart, timestampFloor) = ChangesFile.ReadHeader(handle, changesPath);
        if (known is not null && known.LogStart == logStart && known.EndPosition == length)
        {
            return known;
        }

        var from = known is not null && known.LogStart == logStart && known.EndPosition < length
            ? known
            : new LogState(logStart, logStart, ChangesFile.HeaderSize, timestampFloor);
        var position = from.EndPosition;
        var next = from.NextOffset;
        var lastTimestamp = from.LastTimestampMs;
        var frames = new FrameReader();
        while (position < length)
        {
            var status = frames.Read(handle, position, length, out var frame, out var problem);
            if (status == FrameStatus.Valid)
            {
                if (frame.Offset != next)
                {
                    throw new ChangeLogCorruptException(changesPath, position, $"record has offset {frame.Offset} where {next} was expected");
                }

                position += frame.Size;
                next++;
                lastTimestamp = Math.Max(lastTimestamp, frame.TimestampMs);
                continue;
            }

            ChangesFile.EnsureTornTail(handle, changesPath, position, length, problem);
            LogTornTailRemoved(logger, changesPath, position, length - position, problem);
            file.SetLength(position);
            file.Flush(flushToDisk: true);
            break;
        }

        return new LogState(logStart, next, position, lastTimestamp);
    }

    private async Task RunWriterAsync()
    {
        var reader = appends.Reader;
        var batch = new List<PendingAppend>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            var bytes = 0;
            while (bytes < ChangesFile.MaxBatchBytes && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                bytes += pending.Frame.Length;
            }

            try
            {
                var written = await RunLockedAsync(state, (file, current) => WriteBatch(file, current, batch), CancellationToken.None)
                    .ConfigureAwait(false);
                var offset = written.NextOffset - batch.Count;
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult(new LogPosition(Partition, offset++));
                }
            }
#pragma warning disable CA1031 // Every failure of the batch, whatever its type, belongs to the appenders waiting for it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(e);
                }
            }
        }
    }

    /// <summary>Writes a batch after the last record with one gathered write and one fsync (group commit).</summary>
    private LogState WriteBatch(FileStream file, LogState current, List<PendingAppend> batch)
    {
        var next = current.NextOffset;
        var timestamp = current.LastTimestampMs;
        var frames = new ReadOnlyMemory<byte>[batch.Count];
        long bytes = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            // Timestamps never go backwards, even when the clock does: serials are derived from them.
            timestamp = Math.Max(timestamp, time.GetUtcNow().ToUnixTimeMilliseconds());
            RecordFrame.Seal(batch[i].Frame, next++, timestamp);
            frames[i] = batch[i].Frame;
            bytes += batch[i].Frame.Length;
        }

        try
        {
            RandomAccess.Write(file.SafeFileHandle, frames, current.EndPosition);
            file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // The appenders are told the batch failed, so no part of it may surface later as records.
            file.SetLength(current.EndPosition);
            throw;
        }

        return new LogState(current.LogStart, next, current.EndPosition + bytes, timestamp);
    }

    private LogState Truncate(FileStream file, LogState current, long offset)
    {
        if (offset > current.NextOffset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offset), offset, $"Cannot truncate beyond the end of the log (high watermark {current.NextOffset}).");
        }

        if (offset <= current.LogStart)
        {
            return current;
        }

        var from = ChangesFile.Locate(file.SafeFileHandle, changesPath, current, offset);
        var header = ChangesFile.CreateHeader(offset, current.LastTimestampMs);
        ReplaceChangesFile(header, file, from, current.EndPosition);
        LogTruncated(logger, DataDirectory, offset);
        return new LogState(offset, current.NextOffset, ChangesFile.HeaderSize + (current.EndPosition - from), current.LastTimestampMs);
    }

    /// <summary>Atomically replaces changes.log by <paramref name="header"/> and bytes [from, to) of <paramref name="source"/>.</summary>
    private void ReplaceChangesFile(byte[] header, FileStream? source, long from, long to)
    {
        var temporary = changesPath + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            output.Write(header);
            if (source is not null)
            {
                source.Position = from;
                var buffer = new byte[1 << 16];
                for (var left = to - from; left > 0;)
                {
                    var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0)
                    {
                        throw new ChangeLogCorruptException(changesPath, to - left, "the file ended while copying it");
                    }

                    output.Write(buffer, 0, read);
                    left -= read;
                }
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, changesPath, overwrite: true);
        DirectorySync.Flush(DataDirectory);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Opened the embedded change log in {Directory}: offsets {LogStart} to {HighWatermark}; appends by other processes are read when the file system reports them, and within {PollIntervalMs} ms at most")]
    private static partial void LogOpened(ILogger logger, string directory, long logStart, long highWatermark, double pollIntervalMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Cannot watch the embedded change log in {Directory} for appends by other processes ({Problem}): they are read within {PollIntervalMs} ms")]
    private static partial void LogNotWatched(ILogger logger, string directory, string problem, double pollIntervalMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Removed a torn last write from {Path}: {Bytes} bytes from byte offset {Position} ({Problem}); it was never acknowledged")]
    private static partial void LogTornTailRemoved(ILogger logger, string path, long position, long bytes, string problem);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Retention in the embedded change log in {Directory}: records before offset {Offset} deleted")]
    private static partial void LogTruncated(ILogger logger, string directory, long offset);
}
