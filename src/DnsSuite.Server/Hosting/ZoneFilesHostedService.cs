using System.Runtime;
using System.Runtime.InteropServices;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

/// <summary>
/// Loads the zone files of <see cref="ServerOptions.ZonesDirectory"/> before the listeners start, and
/// again on SIGHUP: new files are added, changed ones reloaded and removed ones dropped, without a restart.
/// </summary>
public sealed partial class ZoneFilesHostedService(ZoneTable zones, IOptions<ServerOptions> options, ILogger<ZoneFilesHostedService> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _reloadLock = new();
    private ZoneDirectory? _directory;
    private PosixSignalRegistration? _sighup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ZonesDirectory is not { } path)
        {
            LogNoZonesDirectory();
            return Task.CompletedTask;
        }

        _directory = new ZoneDirectory(path, zones);
        Reload();
        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                LogReloadRequested();
                Reload();
            });
        }

        return Task.CompletedTask;
    }

    public void Reload()
    {
        if (_directory is null)
        {
            return;
        }

        lock (_reloadLock)
        {
            ZoneDirectory.ReloadReport report = _directory.Reload();
            foreach (string warning in report.Warnings)
            {
                LogWarning(warning);
            }

            foreach ((string file, string error) in report.Failed)
            {
                LogLoadFailed(file, error);
            }

            foreach (ZoneVersion version in report.Loaded)
            {
                LogLoaded(version.Origin.ToString(), version.Serial, version.RecordCount);
            }

            foreach (var origin in report.Removed)
            {
                LogRemoved(origin.ToString());
            }

            if (report.Loaded.Count > 0 || report.Removed.Count > 0)
            {
                // Parsing leaves its garbage (and the replaced versions) in generation 2, whose pages a quiet
                // server keeps for a long time: about a quarter of the resident memory after a large load.
                // Loads are rare, so reclaim it now and give the pages back.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _sighup?.Dispose();

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Zone {Zone} loaded: serial {Serial}, {Records} records")]
    private partial void LogLoaded(string zone, uint serial, int records);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Zone file {File} not loaded: {Error}")]
    private partial void LogLoadFailed(string file, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogWarning(string warning);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Zone {Zone} removed: its file is gone")]
    private partial void LogRemoved(string zone);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "SIGHUP: reloading zone files")]
    private partial void LogReloadRequested();

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "No zones directory configured: serving no zones")]
    private partial void LogNoZonesDirectory();
}
