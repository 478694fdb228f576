using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Events;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Logging;
using Polly;

namespace DnsSuite.Secondary;

/// <summary>
/// One secondary zone: its <see cref="Zone"/> (version, journal, health) and the secondary's handlers of the zone's
/// events (<see cref="ZoneEvents"/>): <see cref="ZoneEventKind.Refresh"/> at the SOA refresh time or at once for a NOTIFY,
/// <see cref="ZoneEventKind.Expire"/> at the expire time. The zone's runner runs one at a time, so refreshes of a zone
/// never overlap.
/// <code>
///             start: load NAME.zone + NAME.timers.json (serve at once; expired if past ExpireAt)
///                                      |
///      +---------------------------&gt; REFRESH &lt;------------- NOTIFY (coalesced: one more check after a running one)
///      |                               |
///      |            for each primary in order (Polly retry, backoff between primaries):
///      |              SOA query (UDP, TCP on TC) --fails--&gt; next primary
///      |                 |
///      |     no data ----+---- serial newer (RFC 1982) ----+---- equal: up to date
///      |        |                    |                     +---- older / undefined: ignored, logged
///      |        v                    v                                  |
///      |      AXFR          IXFR, our SOA in authority                  |
///      |        |             | up to date (lone SOA)  -----------------+
///      |        |             | history -&gt; ZoneTransaction per step     |
///      |        |             | AXFR-style answer -&gt; whole zone         |
///      |        |             | any failure but TSIG -&gt; AXFR            |
///      |        |             v                                         |
///      |        +------&gt; validate, Zone.Commit (journal, swap), write   |
///      |                             |                                  |
///      |                             v                                  v
///      |                 success: next REFRESH after SOA refresh, ExpireAt = now + SOA expire, timers written
///      |                 all primaries failed: next REFRESH after SOA retry (no SOA yet: InitialRetryInterval)
///      +-----------------------------+
///
///   EXPIRE (now &gt;= ExpireAt with no successful contact): the zone answers SERVFAIL until a refresh succeeds.
/// </code>
/// A failed transfer (TSIG, broken stream, invalid zone) never touches the version being served.
/// </summary>
internal sealed partial class SecondaryZone
{
    private readonly SecondaryZoneContext _context;
    private readonly ResiliencePipeline _primaries;
    private readonly ILogger _logger;
    private ZoneTimers _timers = ZoneTimers.None;
    private DateTimeOffset _nextRefresh;
    private long _refreshCount;
    private readonly Lock _saveLock = new();
    private UnsavedState? _unsaved;
    private bool _saveRunning;
    private Task _saving = Task.CompletedTask;

    public SecondaryZone(SecondaryZoneSettings settings, SecondaryZoneContext context)
    {
        Settings = settings;
        _context = context;
        _logger = context.Logger;
        _primaries = BuildPrimaryPipeline(settings.Primaries.Count, context);
        Zone = new Zone(settings.Origin, context.ZoneOptions) { Policies = context.Policies?.Resolve(settings.Origin) ?? Zones.Policies.ZonePolicies.Default };
    }

    public SecondaryZoneSettings Settings { get; }

    public DomainName Origin => Settings.Origin;

    /// <summary>The zone, in the table from <see cref="Load"/> on; without data until the first transfer (or a persisted copy).</summary>
    public Zone Zone { get; }

    public ZoneTimers Timers => Volatile.Read(ref _timers);

    /// <summary>How many refreshes have finished, successful or not.</summary>
    public long RefreshCount => Interlocked.Read(ref _refreshCount);

    /// <summary>Puts the zone in the table and serves the persisted copy, if any: expired at once when its expire time has passed.</summary>
    public void Load()
    {
        DateTimeOffset now = _context.Time.GetUtcNow();
        _nextRefresh = now;
        _context.Table.AddOrReplace(Zone);
        ZoneVersion? version = null;
        try
        {
            version = _context.Store.LoadZone(Origin);
            _timers = _context.Store.LoadTimers(Origin) ?? ZoneTimers.None;
        }
        catch (Exception e) when (e is ZoneFormatException or ZoneValidationException or IOException or System.Text.Json.JsonException)
        {
            LogPersistedUnreadable(Origin, e.Message);
            _timers = ZoneTimers.None;
        }

        if (version is null)
        {
            _timers = ZoneTimers.None;
            return;
        }

        _timers = _timers with { ExpireAt = _timers.ExpireAt ?? now + Expire(version.Soa) };
        Zone.Health.LastRefresh = _timers.LastRefresh;
        Zone.SetExpired(_timers.IsExpired(now));
        Zone.Commit(version, LoadHistory(version));
        if (Zone.IsExpired)
        {
            LogExpired(Origin, _timers.LastRefresh);
        }
        else
        {
            LogLoaded(Origin, version.Serial, _timers.ExpireAt!.Value);
        }
    }

    /// <summary>The persisted history leading to <paramref name="version"/>, so that downstream secondaries keep getting IXFR after a restart; empty when unusable.</summary>
    private IReadOnlyList<Changeset> LoadHistory(ZoneVersion version)
    {
        IReadOnlyList<Changeset> history;
        try
        {
            history = _context.Store.LoadJournal(Origin);
        }
        catch (Exception e) when (e is ZoneFormatException or IOException)
        {
            LogJournalUnusable(Origin, e.Message);
            return [];
        }

        // Written after the zone file: a crash in between leaves a history that stops short of the zone.
        if (JournalText.CheckContiguous(history, version.Serial) is { } problem)
        {
            LogJournalUnusable(Origin, $"it {problem}");
            return [];
        }

        return history;
    }

    /// <summary>Starts the zone's events: a refresh at once, and the expiry when its time comes.</summary>
    public void Start()
    {
        ScheduleRefresh(_nextRefresh);
        ScheduleExpire();
    }

    /// <summary>Asks for a SOA check as soon as the runner is free (NOTIFY, RFC 1996 §3.11); one more after a running one.</summary>
    public void RequestCheck() => ScheduleRefresh(_context.Time.GetUtcNow());

    /// <summary>Stops the zone's events (a refresh in progress is abandoned; the served version is unchanged) and waits until what it installed is written.</summary>
    public async Task StopAsync()
    {
        await Zone.RetireAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Completes when everything installed so far is written to the data directory.</summary>
    internal Task FlushAsync()
    {
        lock (_saveLock)
        {
            return _saving;
        }
    }

    private void ScheduleRefresh(DateTimeOffset at) => Zone.Events.Schedule(ZoneEventKind.Refresh, at, RefreshEventAsync);

    private void ScheduleExpire()
    {
        if (Zone.HasData && !Zone.IsExpired && _timers.ExpireAt is { } expireAt)
        {
            Zone.Events.Reschedule(ZoneEventKind.Expire, expireAt, ExpireEventAsync);
        }
        else
        {
            Zone.Events.Cancel(ZoneEventKind.Expire);
        }
    }

    private async Task RefreshEventAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        // Kept when a NOTIFY asked for a check meanwhile: that one runs first.
        ScheduleRefresh(_nextRefresh);
        ScheduleExpire();
    }

    private Task ExpireEventAsync(CancellationToken cancellationToken)
    {
        if (Zone.HasData && !Zone.IsExpired && _timers.IsExpired(_context.Time.GetUtcNow()))
        {
            Zone.SetExpired(true);
            LogExpired(Origin, _timers.LastRefresh);
            Zone.Health.Failed($"expired: no primary reached since {_timers.LastRefresh:o}");
            _context.Metrics?.Expired();
        }
        else
        {
            ScheduleExpire();
        }

        return Task.CompletedTask;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        int attempt = 0;
        try
        {
            await _primaries.ExecuteAsync(
                async token =>
                {
                    PrimaryServer primary = Settings.Primaries[attempt++ % Settings.Primaries.Count];
                    try
                    {
                        await RefreshFromAsync(primary, token).ConfigureAwait(false);
                    }
                    catch (TransferException e)
                    {
                        LogPrimaryFailed(Origin, primary, e.Kind, e.Message);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            Succeeded();
        }
        catch (TransferException e)
        {
            Failed(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not stop the zone's runner: the zone keeps its version and its timers.
            LogUnexpectedFailure(Origin, e);
            Failed(e.Message);
        }
        finally
        {
            Interlocked.Increment(ref _refreshCount);
        }
    }

    private async Task RefreshFromAsync(PrimaryServer primary, CancellationToken cancellationToken)
    {
        ResourceRecord soa = await _context.Client.QuerySoaAsync(Origin, primary, cancellationToken).ConfigureAwait(false);
        uint theirs = ((SoaRdata)soa.Data).Serial;
        if (!Zone.TryGetCurrent(out ZoneVersion? current))
        {
            await FullTransferAsync(primary, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (new SerialNumber(theirs).CompareTo(new SerialNumber(current.Serial)))
        {
            case SerialComparison.Equal:
                LogUpToDate(Origin, primary, current.Serial);
                _context.Metrics?.Refreshed("up_to_date");
                return;
            case SerialComparison.Less or SerialComparison.Undefined:
                // RFC 1982 §3.2: only a greater serial is newer; a primary that went back is not followed.
                LogSerialNotNewer(Origin, primary, theirs, current.Serial);
                return;
        }

        try
        {
            await IncrementalTransferAsync(primary, current, cancellationToken).ConfigureAwait(false);
        }
        catch (TransferException e) when (e.Kind != TransferFailureKind.Authentication)
        {
            LogFallingBackToAxfr(Origin, primary, e.Kind, e.Message);
            await FullTransferAsync(primary, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task IncrementalTransferAsync(PrimaryServer primary, ZoneVersion current, CancellationToken cancellationToken)
    {
        TransferResponse response = await _context.Client.TransferAsync(Origin, current, primary, cancellationToken).ConfigureAwait(false);
        if (response.IsUpToDate)
        {
            LogUpToDate(Origin, primary, current.Serial);
        }
        else if (response.FullZone is { } records)
        {
            Install(TransferApplier.ApplyFull(Origin, records, Zone.Policies.MaxRecordsPerRRset), null, primary, "IXFR answered with the whole zone", response.MessageCount);
        }
        else
        {
            (ZoneVersion version, IReadOnlyList<Changeset> changes) = TransferApplier.ApplyDiffs(current, response.Diffs!, Zone.Policies.MaxRecordsPerRRset);
            Install(version, changes, primary, $"IXFR of {changes.Count} step(s)", response.MessageCount);
        }
    }

    private async Task FullTransferAsync(PrimaryServer primary, CancellationToken cancellationToken)
    {
        TransferResponse response = await _context.Client.TransferAsync(Origin, null, primary, cancellationToken).ConfigureAwait(false);
        Install(TransferApplier.ApplyFull(Origin, response.FullZone!, Zone.Policies.MaxRecordsPerRRset), null, primary, "AXFR", response.MessageCount);
    }

    /// <summary>
    /// Serves <paramref name="version"/> through the zone's commit (its changes journaled first; a whole zone journals its
    /// difference to the version before, <see cref="Zone.CommitReplacement"/>), and writes it to the data directory.
    /// </summary>
    private void Install(ZoneVersion version, IReadOnlyList<Changeset>? changes, PrimaryServer primary, string how, int messages)
    {
        uint? previous = Zone.TryGetCurrent(out ZoneVersion? current) ? current.Serial : null;
        if (changes is null)
        {
            Zone.CommitReplacement(version);
        }
        else
        {
            Zone.Commit(version, changes);
        }

        LogTransferred(Origin, how, primary, previous, version.Serial, version.RecordCount, messages);
        _context.Metrics?.Refreshed(changes is null ? "axfr" : "ixfr");
        Save(new UnsavedState(version, Zone.Journal.ToArray(_context.Options.Journal), null));
    }

    private void Succeeded()
    {
        DateTimeOffset now = _context.Time.GetUtcNow();
        Zone zone = Zone;
        SoaRdata soa = zone.Current.Soa;
        Volatile.Write(ref _timers, new ZoneTimers(now, now + Expire(soa)));
        zone.Health.LastRefresh = now;
        _nextRefresh = now + Interval(soa.Refresh);
        if (zone.IsExpired)
        {
            zone.SetExpired(false);
            LogServedAgain(Origin, zone.Current.Serial);
        }

        Save(new UnsavedState(null, null, _timers));
    }

    /// <summary>
    /// Hands the state to the zone's writer and returns at once: the writes fsync (seconds on a busy disk), and the
    /// runner must be free to start the check a NOTIFY asked for meanwhile. The writer coalesces to the newest state.
    /// </summary>
    private void Save(UnsavedState state)
    {
        lock (_saveLock)
        {
            _unsaved = _unsaved is { } older ? new UnsavedState(state.Version ?? older.Version, state.History ?? older.History, state.Timers ?? older.Timers) : state;
            if (!_saveRunning)
            {
                _saveRunning = true;
                _saving = Task.Run(WriteAsync);
            }
        }
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            UnsavedState state;
            lock (_saveLock)
            {
                if (_unsaved is null)
                {
                    _saveRunning = false;
                    return;
                }

                state = _unsaved;
                _unsaved = null;
            }

            if (state.Version is { } version)
            {
                await WriteAsync(_context.Store.ZoneFilePath(Origin), token => _context.Store.SaveZoneAsync(version, token)).ConfigureAwait(false);
            }

            if (state.History is { } history)
            {
                await WriteAsync(_context.Store.JournalPath(Origin), token => _context.Store.SaveJournalAsync(Origin, history, token)).ConfigureAwait(false);
            }

            if (state.Timers is { } timers)
            {
                await WriteAsync(_context.Store.TimersPath(Origin), token => _context.Store.SaveTimersAsync(Origin, timers, token)).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteAsync(string path, Func<CancellationToken, Task> write)
    {
        try
        {
            // Not cancelled by a stop: the runner waits for the newest state to be on disk before it ends.
            await write(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(Origin, path, e.Message);
        }
    }

    private sealed record UnsavedState(ZoneVersion? Version, Changeset[]? History, ZoneTimers? Timers);

    /// <param name="lastError">What the last primary tried failed with: the health's problem says why.</param>
    private void Failed(string lastError)
    {
        Zone.TryGetCurrent(out ZoneVersion? current);
        TimeSpan retry = current is null ? _context.Options.InitialRetryInterval : Interval(current.Soa.Retry);
        _nextRefresh = _context.Time.GetUtcNow() + retry;
        LogRefreshFailed(Origin, Settings.Primaries.Count, retry, current?.Serial);
        Zone.Health.Failed($"refresh failed: none of {Settings.Primaries.Count} primaries could be refreshed from; the last: {lastError}");
        _context.Metrics?.Refreshed("failed");
    }

    private TimeSpan Interval(uint seconds) =>
        TimeSpan.FromSeconds(seconds) is var interval && interval < _context.Options.MinRefreshInterval ? _context.Options.MinRefreshInterval
        : interval > _context.Options.MaxRefreshInterval ? _context.Options.MaxRefreshInterval
        : interval;

    private TimeSpan Expire(SoaRdata soa) => TimeSpan.FromSeconds(soa.Expire) is var expire && expire < _context.Options.MinRefreshInterval ? _context.Options.MinRefreshInterval : expire;

    /// <summary>One attempt per primary, in order, with an exponential pause between them.</summary>
    private static ResiliencePipeline BuildPrimaryPipeline(int primaries, SecondaryZoneContext context)
    {
        if (primaries < 2)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = context.Time }
            .AddRetry(new Polly.Retry.RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransferException>(),
                MaxRetryAttempts = primaries - 1,
                Delay = context.Options.PrimaryBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .Build();
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Zone {Zone}: serving the persisted copy, serial {Serial}, expires at {ExpireAt:o} unless a primary is reached")]
    private partial void LogLoaded(DomainName zone, uint serial, DateTimeOffset expireAt);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Zone {Zone}: the persisted copy is not used ({Reason}); transferring it again")]
    private partial void LogPersistedUnreadable(DomainName zone, string reason);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Zone {Zone}: {How} from {Primary}: serial {From} -> {To}, {Records} records, {Messages} message(s)")]
    private partial void LogTransferred(DomainName zone, string how, PrimaryServer primary, uint? from, uint to, int records, int messages);

    [LoggerMessage(EventId = 503, Level = LogLevel.Debug, Message = "Zone {Zone}: up to date with {Primary} at serial {Serial}")]
    private partial void LogUpToDate(DomainName zone, PrimaryServer primary, uint serial);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Zone {Zone}: {Primary} has serial {Theirs}, not newer than ours ({Ours}) by RFC 1982: ignored")]
    private partial void LogSerialNotNewer(DomainName zone, PrimaryServer primary, uint theirs, uint ours);

    [LoggerMessage(EventId = 505, Level = LogLevel.Warning, Message = "Zone {Zone}: IXFR from {Primary} failed ({Kind}: {Reason}); falling back to AXFR")]
    private partial void LogFallingBackToAxfr(DomainName zone, PrimaryServer primary, TransferFailureKind kind, string reason);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "Zone {Zone}: refresh from {Primary} failed ({Kind}): {Reason}; the served version is unchanged")]
    private partial void LogPrimaryFailed(DomainName zone, PrimaryServer primary, TransferFailureKind kind, string reason);

    [LoggerMessage(EventId = 507, Level = LogLevel.Warning, Message = "Zone {Zone}: none of {Count} primaries could be refreshed from; retrying in {Retry} (serving serial {Serial})")]
    private partial void LogRefreshFailed(DomainName zone, int count, TimeSpan retry, uint? serial);

    [LoggerMessage(EventId = 508, Level = LogLevel.Error, Message = "Zone {Zone} expired: no primary reached since {LastRefresh:o}; answering SERVFAIL until a refresh succeeds")]
    private partial void LogExpired(DomainName zone, DateTimeOffset? lastRefresh);

    [LoggerMessage(EventId = 509, Level = LogLevel.Information, Message = "Zone {Zone}: a primary was reached again; serving serial {Serial}")]
    private partial void LogServedAgain(DomainName zone, uint serial);

    [LoggerMessage(EventId = 510, Level = LogLevel.Error, Message = "Zone {Zone}: refresh failed unexpectedly")]
    private partial void LogUnexpectedFailure(DomainName zone, Exception exception);

    [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Zone {Zone}: the persisted history is not used ({Reason}); secondaries at older serials get AXFR")]
    private partial void LogJournalUnusable(DomainName zone, string reason);

    [LoggerMessage(EventId = 512, Level = LogLevel.Error, Message = "Zone {Zone}: cannot write {Path}: {Reason}")]
    private partial void LogSaveFailed(DomainName zone, string path, string reason);
}
