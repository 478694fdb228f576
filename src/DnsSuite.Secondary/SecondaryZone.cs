using System.Threading.Channels;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Logging;
using Polly;

namespace DnsSuite.Secondary;

/// <summary>
/// One secondary zone and its event runner: a single loop per zone, so refreshes of a zone never overlap. The loop
/// waits for the earliest of the refresh time, the expire time and a NOTIFY, then runs that event.
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
///      |        +------&gt; validate, Publish, journal, write NAME.zone    |
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
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ILogger _logger;
    private ChangesetChain _history;
    private Zone? _zone;
    private ZoneTimers _timers = ZoneTimers.None;
    private DateTimeOffset _nextRefresh;
    private int _checkRequested;
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
        _history = new ChangesetChain(context.Options.Journal);
    }

    public SecondaryZoneSettings Settings { get; }

    public DomainName Origin => Settings.Origin;

    /// <summary>The served zone, or null until the first transfer (or a persisted copy) gave it data.</summary>
    public Zone? Zone => Volatile.Read(ref _zone);

    public ZoneTimers Timers => Volatile.Read(ref _timers);

    /// <summary>How many refreshes have finished, successful or not.</summary>
    public long RefreshCount => Interlocked.Read(ref _refreshCount);

    /// <summary>Serves the persisted copy, if any: expired at once when its expire time has passed.</summary>
    public void Load()
    {
        DateTimeOffset now = _context.Time.GetUtcNow();
        _nextRefresh = now;
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
            _context.Table.AddAwaitingData(Origin);
            return;
        }

        _timers = _timers with { ExpireAt = _timers.ExpireAt ?? now + Expire(version.Soa) };
        LoadHistory(version);
        var zone = new Zone(version);
        zone.SetExpired(_timers.IsExpired(now));
        _zone = zone;
        _context.Table.AddOrReplace(zone);
        if (zone.IsExpired)
        {
            LogExpired(Origin, _timers.LastRefresh);
        }
        else
        {
            LogLoaded(Origin, version.Serial, _timers.ExpireAt!.Value);
        }
    }

    /// <summary>The persisted history leading to <paramref name="version"/>, so that downstream secondaries keep getting IXFR after a restart.</summary>
    private void LoadHistory(ZoneVersion version)
    {
        IReadOnlyList<Changeset> history;
        try
        {
            history = _context.Store.LoadJournal(Origin);
        }
        catch (Exception e) when (e is ZoneFormatException or IOException)
        {
            LogJournalUnusable(Origin, e.Message);
            return;
        }

        if (history.Count > 0 && history[^1].To.Serial != version.Serial)
        {
            // Written after the zone file: a crash in between leaves a history that stops short of the zone.
            LogJournalUnusable(Origin, $"it ends at serial {history[^1].To.Serial}, the zone is at serial {version.Serial}");
            return;
        }

        foreach (Changeset changes in history)
        {
            _history.Append(changes);
            _context.Journal?.Append(Origin, changes);
        }
    }

    /// <summary>Asks for a SOA check as soon as the runner is free (NOTIFY, RFC 1996 §3.11).</summary>
    public void RequestCheck()
    {
        Interlocked.Exchange(ref _checkRequested, 1);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>The event loop; runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes when everything installed so far is written to the data directory.</summary>
    internal Task FlushAsync()
    {
        lock (_saveLock)
        {
            return _saving;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset now = _context.Time.GetUtcNow();
            if (Interlocked.Exchange(ref _checkRequested, 0) == 1 || now >= _nextRefresh)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Zone? zone = Zone;
            if (zone is { IsExpired: false } && _timers.IsExpired(now))
            {
                zone.SetExpired(true);
                LogExpired(Origin, _timers.LastRefresh);
                _context.Metrics?.Expired();
                continue;
            }

            DateTimeOffset wakeAt = zone is { IsExpired: false } && _timers.ExpireAt < _nextRefresh ? _timers.ExpireAt.Value : _nextRefresh;
            await WaitAsync(now, wakeAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="wakeAt"/> or a wake-up, whichever comes first.</summary>
    private async Task WaitAsync(DateTimeOffset now, DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task delay = Task.Delay(wakeAt - now, _context.Time, stop.Token);

        // The delay counts from the clock when it was created: if the clock moved since `now`, look again.
        if (_context.Time.GetUtcNow() != now)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return;
        }

        Task woken = _wake.Reader.WaitToReadAsync(stop.Token).AsTask();
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        _wake.Reader.TryRead(out _);
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
        catch (TransferException)
        {
            Failed();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not stop the zone's runner: the zone keeps its version and its timers.
            LogUnexpectedFailure(Origin, e);
            Failed();
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
        ZoneVersion? current = Zone?.Current;
        if (current is null)
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
            Install(TransferApplier.ApplyFull(Origin, records), null, primary, "IXFR answered with the whole zone", response.MessageCount);
        }
        else
        {
            (ZoneVersion version, IReadOnlyList<Changeset> changes) = TransferApplier.ApplyDiffs(current, response.Diffs!);
            Install(version, changes, primary, $"IXFR of {changes.Count} step(s)", response.MessageCount);
        }
    }

    private async Task FullTransferAsync(PrimaryServer primary, CancellationToken cancellationToken)
    {
        TransferResponse response = await _context.Client.TransferAsync(Origin, null, primary, cancellationToken).ConfigureAwait(false);
        Install(TransferApplier.ApplyFull(Origin, response.FullZone!), null, primary, "AXFR", response.MessageCount);
    }

    /// <summary>Serves <paramref name="version"/> (an atomic swap), records its history, and writes it to the data directory.</summary>
    private void Install(ZoneVersion version, IReadOnlyList<Changeset>? changes, PrimaryServer primary, string how, int messages)
    {
        uint? previous = Zone?.Current.Serial;
        // The journal first: an IXFR asking for the new version as soon as it is served finds its changes.
        if (changes is null)
        {
            _history = new ChangesetChain(_context.Options.Journal);
            _context.Journal?.Reset(Origin);
        }
        else
        {
            foreach (Changeset changeset in changes)
            {
                _history.Append(changeset);
                _context.Journal?.Append(Origin, changeset);
            }
        }

        if (Zone is { } zone)
        {
            zone.Publish(version);
        }
        else
        {
            zone = new Zone(version);
            Volatile.Write(ref _zone, zone);
            _context.Table.AddOrReplace(zone);
        }

        LogTransferred(Origin, how, primary, previous, version.Serial, version.RecordCount, messages);
        _context.Metrics?.Refreshed(changes is null ? "axfr" : "ixfr");
        _context.ZoneUpdated?.Invoke(Origin);
        Save(new UnsavedState(version, _history.ToArray(), null));
    }

    private void Succeeded()
    {
        DateTimeOffset now = _context.Time.GetUtcNow();
        Zone zone = Zone!;
        SoaRdata soa = zone.Current.Soa;
        Volatile.Write(ref _timers, new ZoneTimers(now, now + Expire(soa)));
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

    private void Failed()
    {
        ZoneVersion? current = Zone?.Current;
        TimeSpan retry = current is null ? _context.Options.InitialRetryInterval : Interval(current.Soa.Retry);
        _nextRefresh = _context.Time.GetUtcNow() + retry;
        LogRefreshFailed(Origin, Settings.Primaries.Count, retry, current?.Serial);
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
