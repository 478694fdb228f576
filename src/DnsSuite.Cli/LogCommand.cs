using System.CommandLine;
using System.Globalization;
using System.Text;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Hosting;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite log inspect</c>: what the change log holds, as text. Per zone its snapshot, then every change after it
/// with its outcome, judged by the same materializer a primary runs (applied with the records it added and removed,
/// no change, or rejected with the reason), up to the high watermark (or on with <c>--follow</c>).
/// </summary>
internal static class LogCommand
{
    private static readonly Option<string?> ZoneOption = new("--zone") { Description = "show only this zone" };
    private static readonly Option<long?> FromOffsetOption = new("--from-offset") { Description = "show only changes at or after this offset (every partition)" };
    private static readonly Option<bool> HistoryOption = new("--history") { Description = "ignore the snapshots: replay and show every change the log still holds" };
    private static readonly Option<bool> FollowOption = new("--follow") { Description = "keep printing new changes until interrupted" };

    public static Command Create()
    {
        var inspect = new Command("inspect", "Print the snapshots and changes of the change log as zone-file-like text");
        inspect.Options.Add(ZoneOption);
        inspect.Options.Add(FromOffsetOption);
        inspect.Options.Add(HistoryOption);
        inspect.Options.Add(FollowOption);
        inspect.Options.Add(CommandHost.ConfigOption);
        ChangeLogFlags.AddOptions(inspect);
        inspect.SetAction(InspectAsync);
        var log = new Command("log", "Change-log tools");
        log.Subcommands.Add(inspect);
        log.Subcommands.Add(LogRepairCommand.Create());
        return log;
    }

    private static async Task<int> InspectAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        IConfiguration configuration;
        string? zoneFilter = null;
        try
        {
            configuration = CommandHost.BuildConfiguration(parsed.GetValue(CommandHost.ConfigOption), ChangeLogFlags.FlagValues(parsed));
            _ = ChangeLogSelection.Options(configuration);
            if (parsed.GetValue(ZoneOption) is { } zone)
            {
                zoneFilter = DomainName.TryParse(zone.EndsWith('.') ? zone : zone + ".", DomainName.Root, out DomainName? origin, out string? error)
                    ? ChangeApplier.KeyOf(origin)
                    : throw new FormatException($"--zone '{zone}': {error}");
            }
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"dnssuite log: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        try
        {
            await using IChangeLog log = await ChangeLogSelection.OpenAsync(configuration, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            var inspector = new Inspector(zoneFilter, parsed.GetValue(FromOffsetOption) ?? 0, parsed.GetValue(HistoryOption));
            await inspector.RunAsync(log, parsed.GetValue(FollowOption), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"dnssuite log: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"dnssuite log: cannot read the change log: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Replays the log into a private materializer and writes what each record did.</summary>
    private sealed class Inspector(string? zoneFilter, long fromOffset, bool history)
    {
        private readonly ZoneMaterializer _materializer = new(new ZoneTable(), "inspect");
        private readonly SortedDictionary<string, List<string>> _byZone = new(StringComparer.Ordinal);

        public async Task RunAsync(IChangeLog log, bool follow, CancellationToken cancellationToken)
        {
            if (!history)
            {
                await LoadSnapshotsAsync(log, cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<PartitionOffsets> offsets = await log.GetChangeOffsetsAsync(cancellationToken).ConfigureAwait(false);
            Dictionary<int, long> highWatermarks = offsets.ToDictionary(p => p.Partition, p => p.HighWatermark);

            // Always replay from the log start: an outcome depends on every earlier record; --from-offset only filters what is shown.
            var starts = offsets.ToDictionary(p => p.Partition, p => p.LogStartOffset);
            foreach ((int partition, long start) in starts)
            {
                _materializer.SetNextOffset(partition, start);
            }

            bool caughtUp = CaughtUp(highWatermarks);
            if (!caughtUp || follow)
            {
                await foreach (LogRecord record in log.ReadChangesAsync(starts, cancellationToken).ConfigureAwait(false))
                {
                    string[] lines = Describe(record, out string key);
                    if (lines.Length > 0 && (zoneFilter is null || key == zoneFilter) && record.Position.Offset >= fromOffset)
                    {
                        if (caughtUp)
                        {
                            Console.WriteLine($"{key} {string.Join(Environment.NewLine, lines)}");
                        }
                        else
                        {
                            Lines(key).AddRange(lines);
                        }
                    }

                    if (!caughtUp && CaughtUp(highWatermarks))
                    {
                        caughtUp = true;
                        Print(highWatermarks);
                        if (!follow)
                        {
                            return;
                        }
                    }
                }
            }

            Print(highWatermarks);
        }

        private bool CaughtUp(Dictionary<int, long> highWatermarks) =>
            highWatermarks.All(p => _materializer.NextOffset(p.Key) >= p.Value);

        private List<string> Lines(string key)
        {
            if (!_byZone.TryGetValue(key, out List<string>? lines))
            {
                _byZone[key] = lines = [];
            }

            return lines;
        }

        /// <summary>Loads the snapshots as a primary's start-up does (<see cref="SnapshotLoader"/>) and notes what each zone's was.</summary>
        private async Task LoadSnapshotsAsync(IChangeLog log, CancellationToken cancellationToken)
        {
            LoadedSnapshots loaded = await SnapshotLoader.LoadAsync(log, _materializer, cancellationToken).ConfigureAwait(false);
            foreach (SnapshotEntry entry in loaded.Entries)
            {
                string key = ZoneSnapshotCodec.IsDeletionMarkerKey(entry.Key, out string? markedZone) ? markedZone : entry.Key;
                if (!key.EndsWith('.') || key.Contains('#', StringComparison.Ordinal))
                {
                    continue; // a partition checkpoint
                }

                string at = entry.Snapshot is { } snapshot ? Position(snapshot.Position) : "";
                Lines(key).Add(entry.Kind switch
                {
                    SnapshotEntryKind.Loaded => $"snapshot: serial {entry.Version!.Serial}, {entry.Version.RecordCount} records, includes {at}"
                        + (entry.Snapshot!.Metadata is { } metadata ? $", metadata: {Describe(metadata)}" : "")
                        + (entry.History.Count > 0 ? $", history from serial {entry.History[0].From.Serial} ({entry.History.Count} changesets)" : "")
                        + (entry.Problem is { } problem ? $"; its history is ignored: {problem}" : ""),
                    SnapshotEntryKind.Deleted => $"snapshot: deleted, last serial {entry.Snapshot!.Serial}, includes {at}",
                    SnapshotEntryKind.DeletionSuperseded => $"deletion marker: last serial {entry.Snapshot!.Serial} at {at}, superseded by the zone's snapshot",
                    _ => $"snapshot: ignored: {entry.Problem}",
                });
            }
        }

        /// <summary>The lines for one record; none when a snapshot already includes it.</summary>
        private string[] Describe(LogRecord record, out string key)
        {
            key = record.Key;
            ApplyResult? result = _materializer.Apply(record);
            if (result is null)
            {
                return [];
            }

            ChangeApplier.TryDecode(record.Key, record.Value, out DecodedChange? change, out _);
            string header = string.Create(CultureInfo.InvariantCulture, $"{Position(record.Position)} {record.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ");
            header += result switch
            {
                ChangeApplied applied => $"applied: serial {applied.Changes.From.Serial} -> {applied.Changes.To.Serial}",
                ZoneCreated created => $"zone created: serial {created.Version.Serial}, {created.Version.RecordCount} records, serial policy {created.SerialPolicy}",
                ZoneDeleted deleted => $"zone deleted: last serial {deleted.LastSerial}",
                MetadataChanged changed => $"metadata set: {Describe(changed.Metadata)}, serial policy {changed.SerialPolicy}",
                NoChange => "no change",
                ChangeRejected rejected => $"REJECTED {rejected.Reason}: {rejected.Message}",
                _ => result.ToString(),
            };
            if (change?.Message.Source is { } source)
            {
                header += $" (source: {source})";
            }

            var lines = new List<string> { header };
            if (change is not null)
            {
                lines.AddRange(change.Message.Prerequisites.Select(p => "  ? " + Describe(p)));
            }

            switch (result)
            {
                case ChangeApplied applied:
                    lines.AddRange(applied.Changes.Removed.Select(r => $"  - {r}"));
                    lines.AddRange(applied.Changes.Added.Select(r => $"  + {r}"));
                    break;
                case ZoneCreated created:
                    if (!created.Metadata.IsEmpty)
                    {
                        lines.Add($"  metadata: {Describe(created.Metadata)}");
                    }

                    lines.AddRange(created.Version.EnumerateRecords().Select(r => $"  + {r}"));
                    break;
                case ZoneDeleted or MetadataChanged:
                    break;
                default:
                    lines.AddRange(change?.Message.Operations.Select(o => "  " + Describe(o)) ?? [$"  value: {Value(record.Value)}"]);
                    break;
            }

            return [.. lines];
        }

        private void Print(Dictionary<int, long> highWatermarks)
        {
            foreach ((string key, List<string> lines) in _byZone)
            {
                if (zoneFilter is not null && key != zoneFilter)
                {
                    continue;
                }

                Console.WriteLine($"zone {key}");
                foreach (string line in lines)
                {
                    Console.WriteLine("  " + line.Replace("\n", "\n  ", StringComparison.Ordinal));
                }

                if (DomainName.TryParse(key, DomainName.Root, out DomainName? origin, out _) && _materializer.TryGetZone(origin, out ZoneState? state))
                {
                    Console.WriteLine($"  now: serial {state.Version.Serial}, {state.Version.RecordCount} records, {state.Status}, last record {Position(state.Position)}");
                }

                Console.WriteLine();
            }

            _byZone.Clear();
            Console.WriteLine($"end of log: {string.Join(", ", highWatermarks.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"partition {p.Key} high watermark {p.Value}")))}");
        }

        private static string Describe(Prerequisite prerequisite) => prerequisite switch
        {
            NameInUsePrerequisite p => $"name-in-use {p.Name}",
            NameNotInUsePrerequisite p => $"name-not-in-use {p.Name}",
            RRsetExistsPrerequisite p => $"rrset-exists {p.Name} {p.Type}",
            RRsetNotExistsPrerequisite p => $"rrset-not-exists {p.Name} {p.Type}",
            RRsetEqualsPrerequisite p => $"rrset-equals {p.Name} {p.Type} {string.Join(" | ", p.Rdata)}",
            _ => prerequisite.ToString(),
        };

        private static string Describe(ChangeOperation operation) => operation switch
        {
            AddOperation add => $"+ {add.Name} {add.Ttl} {add.Type} {add.Rdata}",
            SetOperation set => string.Join("\n  ", set.Rdata.Select(rdata => $"= {set.Name} {set.Ttl} {set.Type} {rdata}")),
            DeleteOperation delete => $"- {delete.Name}{(delete.Type is null ? "" : " " + delete.Type)}{(delete.Rdata is null ? "" : " " + delete.Rdata)}",
            CreateZoneOperation => "CREATE_ZONE",
            DeleteZoneOperation => "DELETE_ZONE",
            ReplaceZoneOperation => "REPLACE_ZONE",
            SetMetadataOperation set => $"SET_METADATA {Describe(set.Metadata)}",
            _ => operation.ToString(),
        };

        private static string Describe(ZoneMetadata metadata) => metadata.IsEmpty
            ? "none"
            : string.Join(", ", new[]
            {
                metadata.Group is { } group ? $"group {group}" : null,
                metadata.AlsoNotify is { Count: > 0 } targets ? $"also-notify {string.Join(' ', targets)}" : null,
                metadata.TransferAcl is { } acl ? $"transfer-acl {acl}" : null,
                metadata.TransferKey is { } key ? $"transfer-key {key}" : null,
            }.OfType<string>());

        private static string Value(byte[]? value) => value is null ? "(tombstone)" : Encoding.UTF8.GetString(value);

        private static string Position(LogPosition position) => string.Create(CultureInfo.InvariantCulture, $"p{position.Partition}@{position.Offset}");
    }
}
