using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Zones.Events;
using DnsSuite.Zones.Journal;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Zones;

/// <summary>
/// A zone of this server and everything it has of its own: the served version (none until the first data arrives),
/// its IXFR journal, its policies (transfer, NOTIFY, UPDATE, serial), its events (one runner: refresh, expire, notify),
/// the state of its NOTIFYs, and its health. Readers take whichever version is current and keep it; a new
/// version becomes visible only through <see cref="Commit"/>, which journals it before it is shown. Removing a zone
/// from service is dropping this object (after <see cref="RetireAsync"/>): nothing else keeps state for it.
/// </summary>
public sealed class Zone
{
    private readonly Lock _commitLock = new();
    private ZoneVersion? _current;
    private ZonePolicies _policies = ZonePolicies.Default;
    private volatile bool _isExpired;

    /// <summary>A zone without data yet (a secondary zone before its first transfer, a zone about to be created).</summary>
    public Zone(DomainName origin, ZoneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        options ??= ZoneOptions.Default;
        Origin = origin;
        Journal = new ChangesetChain(options.Journal);
        var health = new ZoneHealth(options.Time);
        Health = health;
        Events = new ZoneEvents(origin, options.Time, (kind, e) => health.Failed($"{kind} event: {e.Message}"));
    }

    /// <summary>A zone whose data is <paramref name="initial"/> from the start, with an empty journal.</summary>
    public Zone(ZoneVersion initial, ZoneOptions? options = null)
        : this(initial.Origin, options)
    {
        _current = initial;
    }

    public DomainName Origin { get; }

    /// <summary>Whether a version has been committed: until then the zone is one of this server's but has nothing to answer from.</summary>
    public bool HasData => Volatile.Read(ref _current) is not null;

    /// <summary>The served version. Throws when the zone has no data yet (<see cref="HasData"/>, <see cref="TryGetCurrent"/>).</summary>
    public ZoneVersion Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException($"zone {Origin} has no data yet");

    /// <summary>
    /// The zone's IXFR history up to <see cref="Current"/>: what the transfer responder serves IXFR from, what a primary's
    /// snapshot carries and what a secondary keeps in its data directory.
    /// </summary>
    public ChangesetChain Journal { get; }

    /// <summary>Who may transfer and update the zone, whom its NOTIFYs go to, how its serial moves; replaced whole.</summary>
    public ZonePolicies Policies
    {
        get => Volatile.Read(ref _policies);
        set => Volatile.Write(ref _policies, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The zone's events: at most one of each kind scheduled, the earliest first, one at a time.</summary>
    public ZoneEvents Events { get; }

    /// <summary>Per NOTIFY target, whether a NOTIFY is outstanding or wanted, and how the last one went.</summary>
    public ZoneNotifications Notifications { get; } = new();

    /// <summary>The last problem, the last successful refresh and the last NOTIFY result per target.</summary>
    public ZoneHealth Health { get; }

    /// <summary>
    /// True when a secondary could not reach any primary for the SOA expire interval (RFC 1035 §3.3.13):
    /// the data is no longer authoritative, so queries for the zone are answered SERVFAIL until a refresh succeeds.
    /// </summary>
    public bool IsExpired => _isExpired;

    /// <summary>
    /// Raised after each commit, on the committing thread, once the new version is visible and its changesets are in the
    /// journal: what NOTIFY, the catalog and the other followers of a zone react to.
    /// </summary>
    public event Action<ZoneCommitted>? Committed;

    public bool TryGetCurrent([NotNullWhen(true)] out ZoneVersion? version)
    {
        version = Volatile.Read(ref _current);
        return version is not null;
    }

    public void SetExpired(bool expired) => _isExpired = expired;

    /// <summary>
    /// The one way a new version becomes visible, for every writer (change log, UPDATE, catalog, transfers, seeding):
    /// journals <paramref name="changes"/> (oldest first, the last ending at <paramref name="next"/>'s serial), then swaps
    /// the version in, then raises <see cref="Committed"/>. An IXFR for the new serial is therefore answerable from the
    /// moment the serial is visible. Without changes the journal starts over (a zone's first version, a version that does
    /// not follow from the last); see <see cref="CommitReplacement"/> to keep it.
    /// </summary>
    public void Commit(ZoneVersion next, IReadOnlyList<Changeset> changes)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(changes);
        if (next.Origin != Origin)
        {
            throw new ArgumentException($"a version of {next.Origin} cannot be committed to zone {Origin}", nameof(next));
        }

        if (changes.Count > 0 && changes[^1].To.Serial != next.Serial)
        {
            throw new ArgumentException($"the changes of zone {Origin} end at serial {changes[^1].To.Serial}, the version has serial {next.Serial}", nameof(changes));
        }

        ZoneVersion? previous;
        lock (_commitLock)
        {
            previous = _current;
            if (changes.Count == 0)
            {
                Journal.Clear();
            }

            for (int i = 0; i < changes.Count; i++)
            {
                Journal.Append(changes[i]);
            }

            Volatile.Write(ref _current, next);
        }

        Committed?.Invoke(new ZoneCommitted(this, previous, next, changes));
    }

    /// <summary>
    /// Commits a version that replaces the zone whole (a full transfer): the difference to the current version
    /// (<see cref="ZoneDiff"/>) is journaled, so that IXFR from older serials stays possible, unless it is larger than
    /// the journal may hold or there is no newer serial to lead to; then the journal starts over.
    /// </summary>
    public void CommitReplacement(ZoneVersion next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!TryGetCurrent(out ZoneVersion? current) || !new SerialNumber(next.Serial).IsNewerThan(new SerialNumber(current.Serial)))
        {
            Commit(next, []);
            return;
        }

        Changeset difference = ZoneDiff.Between(current, next);
        Commit(next, difference.WireSize <= Journal.Options.MaxBytes ? [difference] : []);
    }

    /// <summary>Takes the zone out of service for good: stops its events (waiting for one that runs) and its NOTIFYs.</summary>
    public Task RetireAsync() => Events.StopAsync();

    public override string ToString() => Origin.ToString();
}
