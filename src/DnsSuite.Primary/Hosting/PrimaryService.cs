using System.Runtime;
using System.Runtime.InteropServices;
using DnsSuite.ChangeLog;
using DnsSuite.Primary.Catalog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Seeding;
using DnsSuite.Primary.Updates;
using DnsSuite.Protocol;
using DnsSuite.Server.Hosting;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Primary.Hosting;

/// <summary>
/// The primary role: opens the change log, materializes it into the served <see cref="ZoneTable"/> (snapshots, then
/// the tail, for as long as the host runs; every new version through its zone's commit, which NOTIFY follows), seeds
/// the log from the zone files once caught up and again on SIGHUP, and keeps the catalog zone. It runs on its own
/// long-running task, so the listeners start at once; the ready file waits for <see cref="Ready"/>.
/// </summary>
public sealed partial class PrimaryService(
    IConfiguration configuration,
    ZoneTable table,
    IOptions<ServerOptions> serverOptions,
    IZonePolicySource policies,
    ChangeLogMetrics metrics,
    ChangeLogUpdateProcessor updates,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IHostedService, IReadinessCheck, IAsyncDisposable
{
    private static readonly TimeSpan AppliedPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LagSampleInterval = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger = loggers.CreateLogger<PrimaryService>();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _seeding = new(1, 1);
    private Task _run = Task.CompletedTask;
    private PosixSignalRegistration? _sighup;
    private ChangeLogIngestor? _ingestor;
    private ZoneMaterializer? _materializer;
    private CatalogMaintainer? _catalog;
    private Task _ingestion = Task.CompletedTask;
    private int _disposed;
    private volatile string? _halted;
    private volatile ZoneFileSeeder? _seeder;

    /// <summary>Completes once the log is caught up to the high watermarks seen at start and the zone files are seeded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Whether the zones served are those of the log as it was at start (for health checks).</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Why the zones no longer follow the log (a corrupt embedded log), or null: the server is then not ready.</summary>
    public string? Halted => _halted;

    /// <summary>Retention gaps the ingestion found (stale zones, partitions that may lack zones).</summary>
    public IReadOnlyList<RetentionGap> Gaps => _ingestor?.Gaps ?? [];

    /// <summary>
    /// What keeps the primary from being healthy, for readiness: a corrupt log that halted it (<see cref="Halted"/>), and
    /// retention gaps: a primary whose needed changes retention deleted says so, never serves silently (docs/change-log.md,
    /// "Retention gaps").
    /// </summary>
    public IReadOnlyList<string> Problems =>
        [.. Halted is { } halted ? [halted] : Array.Empty<string>(), .. Gaps.Select(gap => gap.Zone is { } zone
            ? $"zone {zone} is stale: changes from offset {gap.Needed} of partition {gap.Partition} were deleted by retention (log starts at {gap.LogStart})"
            : $"partition {gap.Partition} lost changes from offset {gap.Needed} to retention (log starts at {gap.LogStart}): zones without a snapshot may be missing")];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            // From the start: a SIGHUP without a handler ends the process, and one can come as soon as it listens.
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                OnReloadSignal(_stopping.Token);
            });
        }

        _run = Task.Factory.StartNew(() => RunAsync(_stopping.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sighup?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes this once per registration that hands it out (hosted service, readiness check, itself).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _sighup?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stopping.Dispose();
        _seeding.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        IChangeLog? log = null;
        SnapshotWriter? writer = null;
        using var lagSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task lag = Task.CompletedTask;
        try
        {
            ChangeLogOptions options = ChangeLogSelection.Options(configuration);
            log = await ChangeLogSelection.OpenAsync(configuration, loggers, cancellationToken).ConfigureAwait(false);
            LogOpened(log.Description);
            _materializer = new ZoneMaterializer(table, log.Description, loggers.CreateLogger<ZoneMaterializer>(), metrics, options.Snapshots.Journal, policies);
            _materializer.ZoneChanged += OnZoneChanged;
            writer = new SnapshotWriter(log, _materializer, options.Snapshots, TimeProvider.System, loggers.CreateLogger<SnapshotWriter>(), metrics);
            _ingestor = new ChangeLogIngestor(log, _materializer, writer, loggers.CreateLogger<ChangeLogIngestor>(), metrics);
            updates.Attach(log, _materializer);
            if (configuration.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>()?.Origin() is { } catalog)
            {
                _catalog = new CatalogMaintainer(catalog, _materializer, policies);
                _ingestor.CaughtUp += PublishCatalog;
            }

            _ingestion = _ingestor.RunAsync(cancellationToken);
            lag = SampleLagAsync(log, lagSampling.Token);
            await Task.WhenAny(_ingestion, _ingestor.Ready).ConfigureAwait(false);
            if (!_ingestor.IsReady)
            {
                await _ingestion.ConfigureAwait(false);
            }

            LogReady(log.Description, table.Zones.Count);
            if (serverOptions.Value.ZonesDirectory is { } zones)
            {
                var seeder = new ZoneFileSeeder(log, table, zones, Path.Combine(options.DataDirectory, ZoneFileSeeder.StateFileName), serverOptions.Value.ZoneFiles, policies);
                _seeder = seeder;
                await SeedAsync(seeder, cancellationToken).ConfigureAwait(false);
            }

            ReclaimStartupGarbage();
            _ready.TrySetResult();
            await _ingestion.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (ChangeLogCorruptException e)
        {
            // One damaged file must not take every zone down: what is held stays served (nothing of it is wrong), the
            // server is not ready from now on, and the log says where the damage is and how to repair it.
            _halted = e.Message;
            LogCorrupt(log?.Description ?? "the change log", e.Message);
            _ready.TrySetException(e);
        }
        catch (Exception e)
        {
            // The zones can no longer follow the log: stop rather than serve what may silently diverge.
            LogFailed(log?.Description ?? "the change log", e.Message, e);
            _ready.TrySetException(e);
            // A run-time failure: the process exits 1.
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await lagSampling.CancelAsync().ConfigureAwait(false);
            await lag.ConfigureAwait(false);
            updates.Detach();
            await _seeding.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            if (writer is not null && _ready.Task.IsCompletedSuccessfully && _ingestion.IsCompleted)
            {
                await WriteFinalSnapshotsAsync(writer).ConfigureAwait(false);
            }

            if (log is not null)
            {
                await log.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The change-log lag per partition for the metrics, every few seconds, from the start (the catch-up shows) on.</summary>
    private async Task SampleLagAsync(IChangeLog log, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LagSampleInterval);
        try
        {
            do
            {
                try
                {
                    foreach (PartitionOffsets partition in await log.GetChangeOffsetsAsync(cancellationToken).ConfigureAwait(false))
                    {
                        metrics.PartitionLag(partition.Partition, Math.Max(0, partition.HighWatermark - _materializer!.NextOffset(partition.Partition)));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogLagFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Snapshots of every zone with unsaved changes, so that the next start reads a short tail.</summary>
    private async Task WriteFinalSnapshotsAsync(SnapshotWriter writer)
    {
        try
        {
            await writer.WriteAllAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            LogSnapshotsFailed(e.Message);
        }
    }

    /// <summary>
    /// SIGHUP: one more pass of the seeder, queued behind a running one. Before the first pass has begun there is nothing
    /// to queue: that pass reads the folder as it is then.
    /// </summary>
    private void OnReloadSignal(CancellationToken cancellationToken)
    {
        if (_seeder is { } seeder)
        {
            LogReloadRequested();
            _ = SeedAsync(seeder, cancellationToken);
        }
        else
        {
            LogReloadBeforeSeeding(serverOptions.Value.ZonesDirectory is null ? "this primary has no zone folder (--zones)" : "the zone files are read once the log is caught up");
        }
    }

    /// <summary>One pass of the seeder, never two at once; returns once the table shows what it appended.</summary>
    private async Task SeedAsync(ZoneFileSeeder seeder, CancellationToken cancellationToken)
    {
        try
        {
            await _seeding.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // stopping before this pass could start
        }

        try
        {
            SeedReport report = await seeder.SeedAsync(cancellationToken).ConfigureAwait(false);
            foreach (string warning in report.Warnings)
            {
                LogSeedWarning(warning);
            }

            foreach ((string file, string error) in report.Failed)
            {
                LogSeedFailed(file, error);
            }

            foreach (SeedResult result in report.Appended)
            {
                LogSeeded(result.File, result.Zone.ToString(), result.Action, result.Position.Partition, result.Position.Offset);
                await WaitAppliedAsync(result.Position, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogSeedFailed(serverOptions.Value.ZonesDirectory ?? "", e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _seeding.Release();
        }
    }

    private async Task WaitAppliedAsync(LogPosition position, CancellationToken cancellationToken)
    {
        using var poll = new PeriodicTimer(AppliedPollInterval);
        while (_materializer!.NextOffset(position.Partition) <= position.Offset && !_ingestion.IsCompleted)
        {
            await poll.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Serves the catalog once the zones are caught up (in the ingestion loop, like every zone change).</summary>
    private void PublishCatalog()
    {
        ZoneVersion catalog = _catalog!.Build();
        LogCatalogPublished(catalog.Origin.ToString(), catalog.Serial, _materializer!.Zones.Count);
    }

    private void OnZoneChanged(ZoneChange change)
    {
        if (_catalog?.Apply(change) is { } catalogChanges)
        {
            LogCatalogChanged(_catalog.Origin.ToString(), catalogChanges.To.Serial, change.Origin.ToString(), change.Kind);
        }
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Information, Message = "Change log: {Source}")]
    private partial void LogOpened(string source);

    /// <summary>
    /// Building the zones at start-up (snapshots, the log tail, zone files) leaves a lot of garbage and a
    /// fragmented heap; one compacting collection gives those pages back (a 1M-record zone: about 400 to 245
    /// bytes per record resident). Start-up happens once, so the pause is worth it.
    /// </summary>
    private static void ReclaimStartupGarbage()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    [LoggerMessage(EventId = 431, Level = LogLevel.Information, Message = "ready: caught up to the log {Source}; serving {Zones} zones")]
    private partial void LogReady(string source, int zones);

    [LoggerMessage(EventId = 432, Level = LogLevel.Critical, Message = "The change log {Source} failed, stopping: {Error}")]
    private partial void LogFailed(string source, string error, Exception exception);

    [LoggerMessage(EventId = 441, Level = LogLevel.Critical, Message = "The change log {Source} is corrupt; the zones stay served as they are, no longer following the log, and the server is not ready: {Error}")]
    private partial void LogCorrupt(string source, string error);

    [LoggerMessage(EventId = 433, Level = LogLevel.Information, Message = "Zone file {File}: zone {Zone} {Action} in the log at partition {Partition} offset {Offset}")]
    private partial void LogSeeded(string file, string zone, SeedAction action, int partition, long offset);

    [LoggerMessage(EventId = 434, Level = LogLevel.Error, Message = "Zone file {File} not seeded: {Error}")]
    private partial void LogSeedFailed(string file, string error);

    [LoggerMessage(EventId = 435, Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogSeedWarning(string warning);

    [LoggerMessage(EventId = 436, Level = LogLevel.Warning, Message = "Snapshots not written at shutdown: {Error}")]
    private partial void LogSnapshotsFailed(string error);

    [LoggerMessage(EventId = 437, Level = LogLevel.Information, Message = "Catalog zone {Catalog} served: serial {Serial}, {Members} member(s)")]
    private partial void LogCatalogPublished(string catalog, uint serial, int members);

    [LoggerMessage(EventId = 438, Level = LogLevel.Information, Message = "Catalog zone {Catalog}: serial {Serial} after zone {Zone} {Kind}")]
    private partial void LogCatalogChanged(string catalog, uint serial, string zone, ZoneChangeKind kind);

    [LoggerMessage(EventId = 439, Level = LogLevel.Warning, Message = "Change-log lag not sampled: {Error}")]
    private partial void LogLagFailed(string error);

    [LoggerMessage(EventId = 440, Level = LogLevel.Information, Message = "SIGHUP: seeding the log from the zone files")]
    private partial void LogReloadRequested();

    [LoggerMessage(EventId = 449, Level = LogLevel.Information, Message = "SIGHUP: nothing to seed now: {Reason}")]
    private partial void LogReloadBeforeSeeding(string reason);
}
