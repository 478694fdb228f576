using System.Text.Json;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Primary.Seeding;

/// <summary>
/// Writes the zone files of a folder into the change log (docs/change-log.md, "Zone files seed the log"), so that
/// the log stays the only source of the served zones. A zone that is not in the log is created with the file's
/// content and serial. A file that changed since it was last seeded sends what it gained and lost since then, so
/// changes made through the log (publish, UPDATE) to other records are kept; an unchanged file sends nothing,
/// whatever the log did to its zone. A seeded file that disappears deletes its zone; zones that never came from
/// a file are never touched. What was seeded is remembered in <see cref="StateFile"/>. A file with an RRset over its
/// zone's <c>MaxRecordsPerRRset</c> (<paramref name="policies"/>; none: the default) fails with its file and line, as
/// the apply would reject what it sends.
/// </summary>
public sealed class ZoneFileSeeder(
    IChangeLog log, ZoneTable table, string zonesDirectory, string stateFile, ZoneFileOptions? zoneFiles = null, IZonePolicySource? policies = null)
{
    /// <summary>The name of the state file in the data directory.</summary>
    public const string StateFileName = "seeded-files.json";

    public string StateFile { get; } = Path.GetFullPath(stateFile);

    /// <summary>
    /// Compares the folder with what was seeded last and with the zones served from the log, appends the
    /// messages that bring the log in line, and saves the new state. Call it after the log is caught up
    /// (the served zones are compared) and not concurrently with itself.
    /// </summary>
    public async Task<SeedReport> SeedAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, SeededFile> previous = LoadState().ToDictionary(file => file.File, StringComparer.Ordinal);
        var next = new Dictionary<string, SeededFile>(StringComparer.Ordinal);
        var appended = new List<SeedResult>();
        var failed = new List<(string, string)>();
        var warnings = new List<string>();
        var origins = new Dictionary<DomainName, string>();
        int unchanged = 0;

        // A file that could not be seeded neither deletes its zone nor forgets what was seeded from it before.
        void KeepPrevious(string name)
        {
            if (previous.TryGetValue(name, out SeededFile? kept))
            {
                next[name] = kept;
            }
            else
            {
                next.Remove(name);
            }
        }

        foreach (string path in Directory.EnumerateFiles(zonesDirectory, "*" + ZoneFile.Extension).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            ZoneVersion version;
            try
            {
                DomainName origin = ZoneFile.OriginOf(path);
                if (origins.TryGetValue(origin, out string? other))
                {
                    throw new FormatException($"zone {origin} is already in {other}");
                }

                origins[origin] = name;
                version = ZoneFile.Load(path, origin, warnings.Add, zoneFiles, policies?.MaxRecordsPerRRset(origin) ?? OversizedRRset.DefaultLimit);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ZoneValidationException)
            {
                failed.Add((path, e is ZoneValidationException invalid ? string.Join("; ", invalid.Problems) : e.Message));
                KeepPrevious(name);
                continue;
            }

            string text = ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords(canonicalOrder: false));
            var seeded = new SeededFile(name, ChangeApplier.KeyOf(version.Origin), text);
            next[name] = seeded;
            previous.TryGetValue(name, out SeededFile? before);
            if (before is not null && string.Equals(before.Zonefile, text, StringComparison.Ordinal) && string.Equals(before.Zone, seeded.Zone, StringComparison.Ordinal))
            {
                unchanged++;
                continue;
            }

            (SeedAction action, ChangeOperation[] operations) = Plan(version, before);
            if (operations.Length == 0)
            {
                unchanged++;
                continue;
            }

            try
            {
                LogPosition position = await AppendAsync(version.Origin, operations, name, cancellationToken).ConfigureAwait(false);
                appended.Add(new SeedResult(path, version.Origin, action, position));
            }
            catch (ChangeTooLargeException e)
            {
                // Nothing of this file reached the log: it counts as not seeded (the next pass tries again), the others go on.
                failed.Add((path, e.Message));
                KeepPrevious(name);
            }
        }

        foreach (SeededFile gone in previous.Values.Where(file => !next.ContainsKey(file.File)))
        {
            DomainName origin = DomainName.Parse(gone.Zone);
            if (table.TryGet(origin, out _) && !origins.ContainsKey(origin))
            {
                LogPosition position = await AppendAsync(origin, [new DeleteZoneOperation()], gone.File, cancellationToken).ConfigureAwait(false);
                appended.Add(new SeedResult(Path.Combine(zonesDirectory, gone.File), origin, SeedAction.Deleted, position));
            }
        }

        SaveState(new SeedState { Files = [.. next.Values.OrderBy(file => file.File, StringComparer.Ordinal)] });
        return new SeedReport(appended, failed, warnings, unchanged);
    }

    /// <summary>
    /// The operations that turn the zone in the log towards <paramref name="version"/>: the file's differences to
    /// what it held when last seeded, or its whole content when it was never seeded.
    /// </summary>
    private (SeedAction Action, ChangeOperation[] Operations) Plan(ZoneVersion version, SeededFile? before)
    {
        string text = ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords(canonicalOrder: false));
        if (!table.TryGet(version.Origin, out Zone? zone))
        {
            return (SeedAction.Created, [new CreateZoneOperation { Zonefile = text }]);
        }

        if (before is null || !string.Equals(before.Zone, ChangeApplier.KeyOf(version.Origin), StringComparison.Ordinal))
        {
            // Another primary seeding the same file got there first (the zone holds every record of the file, the SOA
            // serial aside): this one takes the file as seeded instead of replacing what the log added since.
            return Contains(zone.Current, version) ? (SeedAction.Replaced, []) : (SeedAction.Replaced, [new ReplaceZoneOperation { Zonefile = text }]);
        }

        List<ResourceRecord> old = [.. ZoneFileReader.Read(before.Zonefile, version.Origin)];
        return (SeedAction.Changed, Difference(version.Origin, old, [.. version.EnumerateRecords()]));
    }

    private static bool Contains(ZoneVersion zone, ZoneVersion file)
    {
        if (!zone.Soa.WithSerial(0).Equals(file.Soa.WithSerial(0)) || zone.SoaTtl != file.SoaTtl)
        {
            return false;
        }

        foreach (ZoneNode node in file.EnumerateNodes())
        {
            zone.TryGetNode(node.Name, out ZoneNode? held);
            foreach (RRset set in node.RRsets)
            {
                if (set.Type != RecordType.SOA && (held?.Find(set.Type) is not { } heldSet || heldSet.Ttl != set.Ttl || !set.All(heldSet.Contains)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>DEL of every record <paramref name="before"/> has and <paramref name="after"/> lacks, ADD of the reverse, SET of a changed SOA.</summary>
    internal static ChangeOperation[] Difference(DomainName origin, IReadOnlyList<ResourceRecord> before, IReadOnlyList<ResourceRecord> after)
    {
        var operations = new List<ChangeOperation>();
        ResourceRecord? oldSoa = before.FirstOrDefault(record => IsApexSoa(origin, record));
        ResourceRecord newSoa = after.First(record => IsApexSoa(origin, record));
        if (oldSoa is null || oldSoa.Ttl != newSoa.Ttl || !((SoaRdata)oldSoa.Data).WithSerial(0).Equals(((SoaRdata)newSoa.Data).WithSerial(0)))
        {
            operations.Add(new SetOperation { Name = "@", Ttl = newSoa.Ttl, Type = nameof(RecordType.SOA), Rdata = [newSoa.Data.ToString()] });
        }

        var oldSet = before.Where(record => !IsApexSoa(origin, record)).Select(record => record.ToString()).ToHashSet(StringComparer.Ordinal);
        var newSet = after.Where(record => !IsApexSoa(origin, record)).Select(record => record.ToString()).ToHashSet(StringComparer.Ordinal);
        operations.AddRange(before.Where(record => !IsApexSoa(origin, record) && !newSet.Contains(record.ToString())).Select(record => new DeleteOperation
        {
            Name = record.Name.ToString(),
            Type = ResourceRecord.TypeMnemonic(record.Type),
            Rdata = record.Data.ToString(),
        }));
        operations.AddRange(after.Where(record => !IsApexSoa(origin, record) && !oldSet.Contains(record.ToString())).Select(record => new AddOperation
        {
            Name = record.Name.ToString(),
            Ttl = record.Ttl,
            Type = ResourceRecord.TypeMnemonic(record.Type),
            Rdata = record.Data.ToString(),
        }));
        return [.. operations];
    }

    private static bool IsApexSoa(DomainName origin, ResourceRecord record) => record.Type == RecordType.SOA && record.Name == origin;

    private Task<LogPosition> AppendAsync(DomainName origin, ChangeOperation[] operations, string file, CancellationToken cancellationToken)
    {
        var message = new ChangeMessage
        {
            Zone = origin.ToString(),
            Operations = operations,
            Source = $"dnssuite primary: zone file {file}",
        };
        return log.AppendChangeAsync(ChangeApplier.KeyOf(origin), ChangeLogJson.Serialize(message), cancellationToken);
    }

    private IReadOnlyList<SeededFile> LoadState()
    {
        if (!File.Exists(StateFile))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(StateFile), SeedStateJsonContext.Default.SeedState)?.Files ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{StateFile}: {e.Message} (delete it to seed every zone file again as new)", e);
        }
    }

    private void SaveState(SeedState state)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        string temporary = StateFile + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, SeedStateJsonContext.Default.SeedState));
        File.Move(temporary, StateFile, overwrite: true);
    }
}
