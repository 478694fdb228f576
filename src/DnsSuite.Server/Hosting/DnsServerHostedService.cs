using System.Net;
using System.Text.Json;
using DnsSuite.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

/// <summary>
/// Serves the injected <see cref="IDnsRequestHandler"/> over UDP and TCP on every configured endpoint, then
/// writes the ready file so that supervisors and tests learn the real ports (port 0 asks the kernel for one).
/// The ready file waits for every <see cref="IReadinessCheck"/> too, without holding up the start.
/// </summary>
public sealed class DnsServerHostedService(IDnsRequestHandler handler, IOptions<ServerOptions> options, ILoggerFactory loggerFactory, IEnumerable<IReadinessCheck> readinessChecks, IEnumerable<IReadyFileContributor> contributors)
    : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DnsServerHostedService>();
    private readonly List<DnsListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _readyFile = Task.CompletedTask;

    public IReadOnlyList<IPEndPoint> EndPoints => _listeners.Select(l => l.LocalEndPoint).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ServerOptions settings = options.Value;
        DnsListenerOptions listenerOptions = settings.ToListenerOptions();
        foreach (IPEndPoint endPoint in settings.ListenEndPoints())
        {
            try
            {
                _listeners.Add(DnsListener.Start(endPoint, handler, listenerOptions, loggerFactory));
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await StopAsync(cancellationToken).ConfigureAwait(false);
                throw new IOException($"cannot listen on {endPoint}: {e.Message}", e);
            }
        }

        ServerLog.Serving(_logger, string.Join(", ", EndPoints));
        if (settings.ReadyFile is { } readyFile)
        {
            Task[] pending = [.. readinessChecks.Select(check => check.Ready)];
            if (pending.All(task => task.IsCompletedSuccessfully))
            {
                await WriteReadyFileAsync(readyFile, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _readyFile = WriteReadyFileWhenReadyAsync(readyFile, pending, _stopping.Token);
            }
        }
    }

    private async Task WriteReadyFileWhenReadyAsync(string readyFile, Task[] pending, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            await WriteReadyFileAsync(readyFile, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before ready (or a check was cancelled): there is nothing to announce.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ServerLog.ReadyFileFailed(_logger, readyFile, e.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _readyFile.ConfigureAwait(false);
        foreach (DnsListener listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_listeners.Count > 0)
        {
            _listeners.Clear();
            ServerLog.Stopped(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Writes a temporary file and renames it, so a reader never sees a partial file.</summary>
    private async Task WriteReadyFileAsync(string path, CancellationToken cancellationToken)
    {
        var content = new Dictionary<string, object>
        {
            ["udp"] = _listeners.Select(l => l.Udp.LocalEndPoint.ToString()).ToArray(),
            ["tcp"] = _listeners.Select(l => l.Tcp.LocalEndPoint.ToString()).ToArray(),
            ["pid"] = Environment.ProcessId,
        };
        foreach (IReadyFileContributor contributor in contributors)
        {
            contributor.AddTo(content);
        }

        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(content), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        ServerLog.ReadyFileWritten(_logger, path);
    }
}
