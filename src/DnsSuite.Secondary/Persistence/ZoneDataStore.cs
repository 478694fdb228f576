using System.Globalization;
using System.Text;
using System.Text.Json;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;
using DnsSuite.Zones.Journal;

namespace DnsSuite.Secondary.Persistence;

/// <summary>
/// The data directory of the secondary: per zone a canonical zone file (<c>NAME.zone</c>), its timers
/// (<c>NAME.timers.json</c>) and the history of diffs it received (<c>NAME.journal</c>). Every file is written to a temporary file, flushed to disk and renamed over the old
/// one, so a crash leaves the previous or the next content, never a mix.
/// </summary>
public sealed class ZoneDataStore
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public ZoneDataStore(string directory)
    {
        Directory.CreateDirectory(directory);
        DirectoryPath = Path.GetFullPath(directory);
    }

    public string DirectoryPath { get; }

    public string ZoneFilePath(DomainName origin) => Path.Combine(DirectoryPath, FileStem(origin) + ZoneFile.Extension);

    public string TimersPath(DomainName origin) => Path.Combine(DirectoryPath, FileStem(origin) + ".timers.json");

    public string JournalPath(DomainName origin) => Path.Combine(DirectoryPath, FileStem(origin) + ".journal");

    /// <summary>The persisted version, or null when there is no zone file. Throws when the file does not load (syntax, zone rules).</summary>
    public ZoneVersion? LoadZone(DomainName origin)
    {
        string path = ZoneFilePath(origin);
        return File.Exists(path) ? ZoneFile.Load(path, origin) : null;
    }

    /// <summary>The persisted timers, or null when there are none. Throws <see cref="JsonException"/> when the file is unreadable.</summary>
    public ZoneTimers? LoadTimers(DomainName origin)
    {
        string path = TimersPath(origin);
        return File.Exists(path) ? JsonSerializer.Deserialize<ZoneTimers>(File.ReadAllText(path), JsonOptions) : null;
    }

    /// <summary>
    /// The persisted history, oldest first (empty when there is none). Throws <see cref="ZoneFormatException"/> when the
    /// file does not parse or its changesets do not follow one another.
    /// </summary>
    public IReadOnlyList<Changeset> LoadJournal(DomainName origin)
    {
        string path = JournalPath(origin);
        return File.Exists(path) ? JournalText.Read(File.ReadAllText(path), origin, path) : [];
    }

    /// <summary>Writes the history in the journal's text form (<see cref="JournalText"/>). No history removes the file.</summary>
    public Task SaveJournalAsync(DomainName origin, IReadOnlyList<Changeset> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            File.Delete(JournalPath(origin));
            return Task.CompletedTask;
        }

        return WriteAtomicallyAsync(JournalPath(origin), writer =>
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"; {origin} history to serial {history[^1].To.Serial}, written by dnssuite secondary"));
            JournalText.Write(writer, origin, history);
        }, cancellationToken);
    }

    public Task SaveZoneAsync(ZoneVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return WriteAtomicallyAsync(ZoneFilePath(version.Origin), writer =>
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"; {version.Origin} serial {version.Serial}, written by dnssuite secondary"));
            ZoneFileWriter.Write(writer, version.Origin, version.EnumerateRecords());
        }, cancellationToken);
    }

    /// <summary>Deletes the zone's file, timers and history (a zone this server no longer follows); absent files are fine.</summary>
    public void Delete(DomainName origin)
    {
        File.Delete(ZoneFilePath(origin));
        File.Delete(TimersPath(origin));
        File.Delete(JournalPath(origin));
    }

    public Task SaveTimersAsync(DomainName origin, ZoneTimers timers, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(TimersPath(origin), writer => writer.Write(JsonSerializer.Serialize(timers, JsonOptions)), cancellationToken);

    /// <summary>
    /// The zone name as a file name: lower case, without the final dot (<c>@</c> for the root), and every octet other than
    /// a letter, digit, hyphen, underscore or dot between labels as <c>%XX</c>, so no name can escape the directory.
    /// </summary>
    public static string FileStem(DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.IsRoot)
        {
            return "@";
        }

        var stem = new StringBuilder();
        ReadOnlySpan<byte> wire = origin.Wire;
        for (int offset = 0; wire[offset] != 0; offset += wire[offset] + 1)
        {
            if (offset > 0)
            {
                stem.Append('.');
            }

            foreach (byte octet in wire.Slice(offset + 1, wire[offset]))
            {
                char c = char.ToLowerInvariant((char)octet);
                if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')
                {
                    stem.Append(c);
                }
                else
                {
                    stem.Append(CultureInfo.InvariantCulture, $"%{octet:X2}");
                }
            }
        }

        return stem.ToString();
    }

    /// <summary>
    /// Writes on a dedicated thread: the fsync blocks for as long as the disk takes (seconds on a busy machine), and
    /// on a thread-pool thread it would starve the pool that answers NOTIFY and queries meanwhile.
    /// </summary>
    private static Task WriteAtomicallyAsync(string path, Action<TextWriter> write, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => WriteAtomically(path, write), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 65536))
        {
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 65536, leaveOpen: true))
            {
                write(writer);
            }

            // fsync before the rename: after a crash the name holds either the old or the complete new content.
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
