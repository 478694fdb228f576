using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Turns changes-topic records, consumed in offset order per partition, into the zones of a
/// <see cref="ZoneTable"/>: each zone's new versions go through its commit (<see cref="Zone.Commit"/>: journal, swap,
/// committed), and its metadata into its policies. Apply is called by one ingestion loop at a time; the table may be read
/// concurrently. Every outcome is a function of the records alone (docs/change-log.md).
/// </summary>
public sealed class ZoneMaterializer
{
    private static readonly IComparer<(long Offset, DomainName Origin)> UncoveredOrder = Comparer<(long Offset, DomainName Origin)>.Create(
        (a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : DomainName.CanonicalComparer.Compare(a.Origin, b.Origin));

    private readonly Dictionary<DomainName, ZoneState> _zones = [];
    private readonly Dictionary<DomainName, DeletedZone> _deleted = [];
    // Concurrent so that health checks may read it while the ingestion loop writes.
    private readonly ConcurrentDictionary<int, long> _nextOffsets = [];
    // Per partition, lowest first, the offset from which each zone's records may be in no written snapshot (see
    // UncoveredFrom), so that a checkpoint costs the same whatever the number of zones.
    private readonly Dictionary<int, SortedSet<(long Offset, DomainName Origin)>> _uncovered = [];
    private readonly ILogger _logger;
    private readonly ChangeLogMetrics? _metrics;
    private readonly string _source;
    private readonly IZonePolicySource? _policies;
    private readonly RejectionLogLimiter _rejectionLog;
    private readonly RejectedMemoryReclaimer _rejectedMemory;
    // Applied by ApplyStaged, not yet published: each record's position and outcome, and the zone it changed, in log order.
    private List<(LogPosition Position, ApplyResult? Result, ZoneState? Changed)> _staged = [];
    // What Publish goes through, swapped with _staged rather than copied from it.
    private List<(LogPosition Position, ApplyResult? Result, ZoneState? Changed)> _publishing = [];
    // The zones whose drafts hold changes that the table does not show yet.
    private readonly List<ZoneState> _drafted = [];

    /// <param name="table">The table of served zones, which this materializer fills.</param>
    /// <param name="source">The changes topic as logs name it, e.g. <see cref="IChangeLog.Description"/>.</param>
    /// <param name="history">
    /// How much of each zone's history its snapshot carries (<see cref="SnapshotWriterOptions.Journal"/> by default); a
    /// zone's journal keeps at least that, and at least what <paramref name="policies"/> say transfers are served from.
    /// </param>
    /// <param name="policies">Where each zone's policies come from (the configuration and its metadata); null: the defaults.</param>
    /// <param name="time">The clock of the zones' events (NOTIFY) and of the rejection log's rate (<see cref="RejectionLogLimiter"/>).</param>
    public ZoneMaterializer(
        ZoneTable table, string source, ILogger<ZoneMaterializer>? logger = null, ChangeLogMetrics? metrics = null, JournalOptions? history = null,
        IZonePolicySource? policies = null, TimeProvider? time = null)
    {
        Table = table;
        _source = source;
        SnapshotHistory = history ?? new SnapshotWriterOptions().Journal;
        _policies = policies;
        ZoneOptions = new ZoneOptions { Journal = JournalOptions.Covering(SnapshotHistory, policies?.Journal ?? SnapshotHistory), Time = time ?? TimeProvider.System };
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _rejectionLog = new RejectionLogLimiter(time ?? TimeProvider.System, (count, reasons) =>
            Log.RejectionsSummarized(_logger, count, _source, RejectionLogLimiter.Window.TotalSeconds, reasons));
        _rejectedMemory = new RejectedMemoryReclaimer(time ?? TimeProvider.System);
    }

    /// <summary>How much of each zone's journal its snapshot carries.</summary>
    public JournalOptions SnapshotHistory { get; }

    /// <summary>What every zone of this materializer is made with (the catalog zone too).</summary>
    public ZoneOptions ZoneOptions { get; }

    /// <summary>Raised after each zone change, on the ingestion thread, once the table shows it.</summary>
    public event Action<ZoneChange>? ZoneChanged;

    /// <summary>
    /// Raised after every consumed changes record, on the ingestion thread, once the table shows its outcome and just
    /// before <see cref="NextOffsets"/> passes it: its position and what <see cref="Apply"/> returned (null: skipped, or
    /// the apply failed). This is how a writer learns the outcome of the record it appended (an UPDATE waits for its
    /// RCODE); a writer that finds the offset passed can count on having been told.
    /// </summary>
    public event Action<LogPosition, ApplyResult?>? RecordApplied;

    /// <summary>
    /// Raised on the ingestion thread after a record adds to a zone's <see cref="ZoneState.RecordsSinceSnapshot"/> (any
    /// record for an existing zone, applied or not, and the CREATE_ZONE of a new one), so that a snapshot writer looks
    /// only at the zones that changed rather than at every zone.
    /// </summary>
    public event Action<ZoneState>? UnsavedRecord;

    public ZoneTable Table { get; }

    public IReadOnlyCollection<ZoneState> Zones => _zones.Values;

    public IReadOnlyDictionary<DomainName, DeletedZone> DeletedZones => _deleted;

    /// <summary>Per partition, the offset of the next record to consume (one past the last consumed, whose outcome the table already shows).</summary>
    public IReadOnlyDictionary<int, long> NextOffsets => _nextOffsets;

    public bool TryGetZone(DomainName origin, [NotNullWhen(true)] out ZoneState? state) => _zones.TryGetValue(origin, out state);

    /// <summary>
    /// Applies one changes record and publishes it. Returns null when the record is skipped without judging it: the
    /// zone's snapshot already includes it, or the zone is <see cref="ZoneStatus.Stale"/>.
    /// </summary>
    public ApplyResult? Apply(LogRecord record)
    {
        ApplyResult? result = ApplyStaged(record);
        Publish();
        return result;
    }

    /// <summary>
    /// Applies one changes record as <see cref="Apply"/> does, but shows the changes it makes to a zone's records only
    /// at the next <see cref="Publish"/>: until then the table keeps serving the zone's published version, and
    /// <see cref="NextOffsets"/>, <see cref="ZoneChanged"/> and <see cref="RecordApplied"/> wait for it. A backlog of
    /// records for one zone applied this way copies the zone's shared trie nodes once rather than once per record, and
    /// builds one version (see <see cref="ZoneDraft"/>). A record that creates, deletes or replaces a zone or sets its
    /// metadata publishes what is staged before it is applied.
    /// </summary>
    public ApplyResult? ApplyStaged(LogRecord record) => ApplyStaged(DecodedRecord.Decode(record));

    /// <summary>Applies a record decoded ahead, as <see cref="ApplyStaged(LogRecord)"/> applies one it decodes.</summary>
    public ApplyResult? ApplyStaged(in DecodedRecord record)
    {
        ApplyResult? result = null;
        ZoneState? changed = null;
        try
        {
            result = ApplyRecord(record, out changed);
            return result;
        }
        finally
        {
            _staged.Add((record.Record.Position, result, changed));
        }
    }

    /// <summary>
    /// Shows what <see cref="ApplyStaged"/> applied: commits each changed zone's new version with the changesets of its
    /// records (<see cref="Zone.Commit"/>, which journals them before the version is visible), then, record by record in
    /// log order, raises <see cref="ZoneChanged"/> and <see cref="RecordApplied"/> and advances <see cref="NextOffsets"/>.
    /// </summary>
    public void Publish()
    {
        if (_staged.Count == 0)
        {
            return;
        }

        (_publishing, _staged) = (_staged, _publishing);
        foreach ((_, ApplyResult? result, ZoneState? changed) in _publishing)
        {
            if (result is ChangeApplied applied)
            {
                changed!.Staged.Add(applied.Changes);
            }
        }

        foreach (ZoneState state in _drafted)
        {
            state.Zone.Commit(state.Draft!.ToVersion(), [.. state.Staged]);
            state.Staged.Clear();
            state.Draft = null;
        }

        _drafted.Clear();
        foreach ((LogPosition position, ApplyResult? result, ZoneState? changed) in _publishing)
        {
            if (result is ChangeApplied applied)
            {
                Raise(ZoneChangeKind.Changed, changed!.Version, applied.Changes, position);
            }

            // Advanced only once the table shows the outcome and RecordApplied told it, so that a reader seeing the
            // offset passed also sees the zone and has had the outcome.
            RecordApplied?.Invoke(position, result);
            _nextOffsets[position.Partition] = Math.Max(NextOffset(position.Partition), position.Offset + 1);
        }

        _publishing.Clear();
    }

    /// <param name="changed">The zone whose records the record changed (null: none), for <see cref="Publish"/>.</param>
    private ApplyResult? ApplyRecord(in DecodedRecord decoded, out ZoneState? changed)
    {
        changed = null;
        LogRecord record = decoded.Record;
        LogPosition position = record.Position;
        if (decoded.Change is not { } change)
        {
            Rejected(record, decoded.Rejection!);
            return decoded.Rejection;
        }

        if (change.Message.Operations is [{ IsLifecycle: true }, ..])
        {
            Publish();
        }

        DomainName origin = change.Origin;
        _zones.TryGetValue(origin, out ZoneState? state);
        _deleted.TryGetValue(origin, out DeletedZone? deleted);
        if (state is { Status: ZoneStatus.Stale }
            || (state is not null && state.Partition == position.Partition && position.Offset <= state.Position.Offset)
            || (state is null && deleted is not null && deleted.Position.Partition == position.Partition && position.Offset <= deleted.Position.Offset))
        {
            return null;
        }

        if (state is not null && state.Partition != position.Partition)
        {
            Log.PartitionConflict(_logger, state.Key, position.Partition, position.Offset, state.Partition);
            _metrics?.PartitionConflict();
            var conflict = new ChangeRejected(RejectionReason.WrongPartition, $"zone {origin} belongs to partition {state.Partition}");
            Rejected(record, conflict);
            return conflict;
        }

        ZoneDraft? draft = state is null ? null : state.Draft ?? new ZoneDraft(state.Version);
        int maxRecordsPerRRset = state?.Zone.Policies.MaxRecordsPerRRset ?? _policies?.MaxRecordsPerRRset(origin) ?? ZonePolicies.Default.MaxRecordsPerRRset;
        ApplyResult result = ChangeApplier.Apply(
            change, draft is null ? null : new ZoneHead(draft, state!.SerialPolicy) { Metadata = state.Metadata }, deleted?.LastSerial, record.Timestamp, maxRecordsPerRRset);
        if (state is not null)
        {
            state.Position = position;
            if (state.FirstOffsetSinceSnapshot is null)
            {
                state.FirstOffsetSinceSnapshot = position.Offset;
                Uncover(state);
            }

            state.RecordsSinceSnapshot++;
        }

        switch (result)
        {
            case ChangeRejected rejected:
                Rejected(record, rejected);
                break;
            case ChangeApplied:
                if (state!.Draft is null)
                {
                    state.Draft = draft;
                    _drafted.Add(state);
                }

                changed = state;
                break;
            case ZoneCreated created:
                _deleted.Remove(origin);
                Add(created.Version, created.SerialPolicy, position, ZoneStatus.Current, dirty: true, created.Metadata, position, []);
                Raise(ZoneChangeKind.Created, created.Version, null, position);
                break;
            case MetadataChanged metadataChanged:
                state!.Metadata = metadataChanged.Metadata;
                state.Zone.Policies = PoliciesOf(origin, metadataChanged.Metadata, metadataChanged.SerialPolicy);
                state.MetadataPosition = position;
                Raise(ZoneChangeKind.MetadataChanged, state.Version, null, position);
                break;
            case ZoneDeleted gone:
                Cover(state!);
                Retire(state!);
                _deleted[origin] = new DeletedZone(gone.LastSerial, position) { FirstOffsetSinceSnapshot = state!.FirstOffsetSinceSnapshot };
                Raise(ZoneChangeKind.Deleted, null, null, position, origin);
                break;
        }

        if (result is ChangeApplied or ZoneCreated or ZoneDeleted or MetadataChanged)
        {
            _metrics?.Applied();
        }

        if ((state is not null || result is ZoneCreated) && _zones.TryGetValue(origin, out ZoneState? unsaved))
        {
            UnsavedRecord?.Invoke(unsaved);
        }

        return result;
    }

    /// <summary>
    /// Installs a zone from its snapshot, which includes the changes up to <paramref name="position"/>, with its
    /// <paramref name="metadata"/> as last set at <paramref name="metadataPosition"/> (default: none, at <paramref name="position"/>)
    /// and the history the snapshot carries (oldest first, contiguous, ending at <paramref name="version"/>'s serial).
    /// </summary>
    public ZoneState Load(
        ZoneVersion version, SerialPolicy serialPolicy, LogPosition position, ZoneStatus status,
        ZoneMetadata? metadata = null, LogPosition? metadataPosition = null, IReadOnlyList<Changeset>? history = null)
    {
        Publish();
        _deleted.Remove(version.Origin);
        ZoneState state = Add(version, serialPolicy, position, status, dirty: false, metadata, metadataPosition ?? position, history ?? []);
        Raise(ZoneChangeKind.Loaded, version, null, position);
        return state;
    }

    /// <summary>
    /// Remembers a deleted zone from its deletion marker, unless the zone is loaded from a snapshot that already
    /// includes the marker's position (the zone was re-created and written, and the marker not yet tombstoned).
    /// Returns whether the marker was taken.
    /// </summary>
    public bool LoadDeleted(DomainName origin, DeletedZone deleted)
    {
        Publish();
        if (_zones.TryGetValue(origin, out ZoneState? state))
        {
            if (state.Partition == deleted.Position.Partition && state.Position.Offset >= deleted.Position.Offset)
            {
                return false;
            }

            Cover(state);
            Retire(state);
        }

        _deleted[origin] = deleted;
        return true;
    }

    /// <summary>Takes a zone out of service because changes it needs are lost (see <see cref="ZoneStatus.Stale"/>).</summary>
    public void MarkStale(ZoneState state)
    {
        Publish();
        Cover(state);
        state.Status = ZoneStatus.Stale;
        Uncover(state);
        Table.Remove(state.Zone);
    }

    /// <summary>Sets where consumption of <paramref name="partition"/> starts (before any of its records is applied).</summary>
    public void SetNextOffset(int partition, long offset) => _nextOffsets[partition] = offset;

    public long NextOffset(int partition) => _nextOffsets.TryGetValue(partition, out long next) ? next : 0;

    /// <summary>
    /// The lowest offset of <paramref name="partition"/> from which a zone's records may be in no written snapshot: the
    /// first of a zone's <see cref="ZoneState.RecordsSinceSnapshot"/>, or the record after a stale zone's position (the
    /// first it lacks). Null when every zone of the partition is in its snapshot. A partition checkpoint stays below it.
    /// </summary>
    public long? FirstUncoveredOffset(int partition) =>
        _uncovered.TryGetValue(partition, out SortedSet<(long Offset, DomainName Origin)>? uncovered) && uncovered.Count > 0 ? uncovered.Min.Offset : null;

    /// <summary>
    /// Records that a snapshot including everything up to the zone's position was taken (its content captured: a writer
    /// may still be writing it). Returns the records it covers, for <see cref="MarkSnapshotLost"/>.
    /// </summary>
    public UnsavedRecords MarkSnapshotTaken(ZoneState state)
    {
        var covered = new UnsavedRecords(state.RecordsSinceSnapshot, state.FirstOffsetSinceSnapshot);
        Cover(state);
        state.RecordsSinceSnapshot = 0;
        state.FirstOffsetSinceSnapshot = null;
        Uncover(state);
        return covered;
    }

    /// <summary>
    /// Records that the snapshot <see cref="MarkSnapshotTaken"/> returned <paramref name="covered"/> for was not written:
    /// those records are unsaved again, before any the zone had since. Nothing when the zone is no longer the one served.
    /// </summary>
    public void MarkSnapshotLost(ZoneState state, UnsavedRecords covered)
    {
        if (covered.Count == 0 || !_zones.TryGetValue(state.Origin, out ZoneState? current) || current != state || state.Status != ZoneStatus.Current)
        {
            return;
        }

        Cover(state);
        state.RecordsSinceSnapshot += covered.Count;
        state.FirstOffsetSinceSnapshot = covered.FirstOffset ?? state.FirstOffsetSinceSnapshot;
        Uncover(state);
    }

    /// <summary>
    /// A new zone with its first version: its policies set before it enters the table (what the metadata decides, such as
    /// the transfer ACL, holds from the zone's first answer on), then the version committed, with the history it carries.
    /// </summary>
    private ZoneState Add(
        ZoneVersion version, SerialPolicy policy, LogPosition position, ZoneStatus status, bool dirty, ZoneMetadata? metadata, LogPosition metadataPosition,
        IReadOnlyList<Changeset> history)
    {
        var zone = new Zone(version.Origin, ZoneOptions) { Policies = PoliciesOf(version.Origin, metadata ?? ZoneMetadata.None, policy) };
        var state = new ZoneState(zone, position, status)
        {
            Metadata = metadata ?? ZoneMetadata.None,
            MetadataPosition = metadataPosition,
        };
        if (dirty)
        {
            state.RecordsSinceSnapshot = 1;
            state.FirstOffsetSinceSnapshot = position.Offset;
        }

        if (_zones.TryGetValue(version.Origin, out ZoneState? replaced))
        {
            Cover(replaced);
            Retire(replaced);
        }

        Uncover(state);
        _zones[version.Origin] = state;
        if (status == ZoneStatus.Current)
        {
            Table.AddOrReplace(zone);
        }

        zone.Commit(version, history);
        return state;
    }

    /// <summary>The zone's policies: the configuration's, with what its metadata names, and its serial policy.</summary>
    private ZonePolicies PoliciesOf(DomainName origin, ZoneMetadata metadata, SerialPolicy serialPolicy)
    {
        // The metadata was checked when applied: every target is IP:PORT, the key a domain name.
        MetadataRules rules = new(
            metadata.TransferAcl,
            metadata.TransferKey is { } key ? DomainName.Parse(key, DomainName.Root) : null,
            [.. (metadata.AlsoNotify ?? []).Select(target => IPEndPoint.Parse(target))]);
        return (_policies?.Resolve(origin, rules) ?? ZonePolicies.Default) with { SerialPolicy = serialPolicy };
    }

    /// <summary>Takes the zone's state out of the materializer and its zone out of service; nothing else holds either.</summary>
    private void Retire(ZoneState state)
    {
        _zones.Remove(state.Origin);
        _drafted.Remove(state);
        Table.Remove(state.Zone);
        _ = state.Zone.RetireAsync();
    }

    private static long? UncoveredFrom(ZoneState state) =>
        state.Status == ZoneStatus.Stale ? state.Position.Offset + 1 : state.FirstOffsetSinceSnapshot;

    private void Uncover(ZoneState state)
    {
        if (UncoveredFrom(state) is { } offset)
        {
            if (!_uncovered.TryGetValue(state.Partition, out SortedSet<(long Offset, DomainName Origin)>? uncovered))
            {
                uncovered = new SortedSet<(long Offset, DomainName Origin)>(UncoveredOrder);
                _uncovered[state.Partition] = uncovered;
            }

            uncovered.Add((offset, state.Origin));
        }
    }

    private void Cover(ZoneState state)
    {
        if (UncoveredFrom(state) is { } offset && _uncovered.TryGetValue(state.Partition, out SortedSet<(long Offset, DomainName Origin)>? uncovered))
        {
            uncovered.Remove((offset, state.Origin));
        }
    }

    private void Rejected(LogRecord record, ChangeRejected rejection)
    {
        if (_rejectionLog.Admit(rejection.Reason))
        {
            Log.Rejected(_logger, _source, record.Position.Partition, record.Position.Offset, Excerpt.Quote(record.Key), rejection.Reason, Excerpt.Bound(rejection.Message));
        }

        _metrics?.Rejected(rejection.Reason);
        _rejectedMemory.Rejected(record.Value?.Length ?? 0);
    }

    private void Raise(ZoneChangeKind kind, ZoneVersion? version, Changeset? changes, LogPosition position, DomainName? origin = null) =>
        ZoneChanged?.Invoke(new ZoneChange(kind, version?.Origin ?? origin!, version, changes, position));
}
