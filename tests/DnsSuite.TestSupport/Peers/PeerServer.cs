using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace DnsSuite.TestSupport.Peers;

/// <summary>
/// A real DNS server (BIND, Knot, NSD) run by a test: its own temp folder and configuration, a
/// loopback high port, and the one process it started, which <see cref="Dispose"/> stops (with its
/// children) and nothing else.
/// </summary>
public abstract class PeerServer : IDisposable
{
    /// <summary>How long a server may take to answer its first query.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private const int StartAttempts = 3;

    private readonly StringBuilder output = new();
    private readonly Lock outputGate = new();
    private Process? process;
    private int attemptStart;
    private bool disposed;

    /// <summary>Prepares a server in a new temp folder; subclasses write the configuration.</summary>
    protected PeerServer(string software)
    {
        Software = software;
        Folder = new TempDir($"dnssuite-{software}");
    }

    /// <summary>"bind", "knot" or "nsd".</summary>
    public string Software { get; }

    /// <summary>The server's own folder: configuration, zone copies, journals, logs.</summary>
    public TempDir Folder { get; }

    /// <summary>The UDP and TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>127.0.0.1 and <see cref="Port"/>.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The process id of the server process this object started.</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The server was not started.");

    /// <summary>True once the server process has exited.</summary>
    public bool HasExited => process is null || process.HasExited;

    /// <summary>The server's stdout and stderr so far, followed by its log file if it writes one.</summary>
    public string Log
    {
        get
        {
            string captured;
            lock (outputGate)
            {
                captured = output.ToString();
            }

            var logFile = LogFilePath;
            return logFile is null || !File.Exists(logFile)
                ? captured
                : $"{captured}--- {logFile} ---\n{ReadLogFile()}";
        }
    }

    /// <summary>The server executable, e.g. "named".</summary>
    protected abstract string Executable { get; }

    /// <summary>
    /// dig options that <see cref="QueryAsync"/>, <see cref="GetSerialAsync"/> and the readiness probe add,
    /// e.g. a TSIG key when the server answers signed queries only.
    /// </summary>
    protected virtual IReadOnlyList<string> QueryOptions => [];

    /// <summary>A log file the server writes besides stdout/stderr, or null.</summary>
    protected virtual string? LogFilePath => null;

    /// <summary>The apex of <paramref name="name"/> with a trailing dot.</summary>
    public static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    /// <summary>Queries the server with dig over UDP and returns the <c>+short</c> answer lines.</summary>
    public async Task<IReadOnlyList<string>> QueryAsync(
        string name, string type, CancellationToken cancellationToken = default)
    {
        var result = await DigAsync([.. QueryOptions, "+short", name, type], cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess();
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Runs dig against this server with one try and a one-second timeout.</summary>
    public Task<ToolResult> DigAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        ExternalTool.RunAsync(
            "dig",
            new[] { "+time=1", "+tries=1", "-p", Port.ToString(CultureInfo.InvariantCulture), "@127.0.0.1" }
                .Concat(arguments),
            cancellationToken: cancellationToken);

    /// <summary>The SOA serial the server answers for <paramref name="zone"/>, or null when it has none.</summary>
    public async Task<uint?> GetSerialAsync(string zone, CancellationToken cancellationToken = default)
    {
        var result = await DigAsync([.. QueryOptions, "+short", Absolute(zone), "SOA"], cancellationToken).ConfigureAwait(false);
        var fields = result.StdOut.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return result.Succeeded && fields.Length >= 7
            && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
                ? serial
                : null;
    }

    /// <summary>
    /// Waits until the server serves <paramref name="zone"/> with <paramref name="serial"/> or a newer
    /// serial (RFC 1982). The timeout message includes the last serial seen and the server's log.
    /// </summary>
    /// <exception cref="TimeoutException">The serial was not reached in time.</exception>
    public async Task WaitForSerialAsync(
        string zone, uint serial, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        uint? last = null;
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    ThrowIfExited();
                    last = await GetSerialAsync(zone, cancellationToken).ConfigureAwait(false);
                    return last is { } s && (s == serial || (int)(s - serial) > 0);
                },
                timeout,
                $"{Software} on port {Port} to serve {Absolute(zone)} with serial {serial}",
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{e.Message} Last serial seen: {last?.ToString(CultureInfo.InvariantCulture) ?? "none"}.\n{Log}", e);
        }
    }

    /// <summary>Makes the server read its zone files again (after a test rewrote one).</summary>
    public abstract Task ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the server process and its children, then deletes its folder.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the process and deletes the folder.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
        {
            return;
        }

        disposed = true;
        Stop();
        Folder.Dispose();
    }

    /// <summary>Writes the configuration for listening on <paramref name="port"/> and returns the arguments.</summary>
    protected abstract IReadOnlyList<string> Configure(int port);

    /// <summary>
    /// Starts the server on <paramref name="port"/> (a new <see cref="FreePort"/> when null) and waits until
    /// it answers: with <paramref name="requireAnswer"/> it must answer the SOA of <paramref name="probeZone"/>
    /// (a primary); without, any DNS response will do (a secondary whose primary may be down). A start that
    /// fails because another process took a port from <see cref="FreePort"/> is retried on a new port.
    /// </summary>
    private async Task StartAsync(string probeZone, bool requireAnswer, int? port, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = port ?? FreePort.Next();
            var arguments = Configure(Port);
            Launch(arguments);
            try
            {
                await Wait.UntilAsync(
                    async () =>
                    {
                        // Another process took the port between FreePort and the bind: the log says so.
                        if (port is null && attempt < StartAttempts && PortTaken())
                        {
                            throw new PortTakenException();
                        }

                        ThrowIfExited();
                        return await AnswersAsync(probeZone, requireAnswer, cancellationToken).ConfigureAwait(false);
                    },
                    StartTimeout,
                    $"{Software} on port {Port} to answer",
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PortTakenException)
            {
                Stop();
                var logFile = LogFilePath;
                if (logFile is not null && File.Exists(logFile))
                {
                    AppendOutput(ReadLogFile());
                    File.Delete(logFile);
                }

                AppendOutput($"--- port {Port} was taken by another process; starting again on a new port ---");
            }
            catch (TimeoutException e)
            {
                Stop();
                throw new TimeoutException($"{e.Message}\n{Log}", e);
            }
        }
    }

    /// <summary>Starts <paramref name="server"/>, disposing it (process and folder) if it does not come up.</summary>
    private protected static async Task<TServer> StartOrDisposeAsync<TServer>(
        TServer server, string probeZone, bool requireAnswer, int? port, CancellationToken cancellationToken)
        where TServer : PeerServer
    {
        try
        {
            await server.StartAsync(probeZone, requireAnswer, port, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private bool PortTaken()
    {
        string log;
        lock (outputGate)
        {
            log = output.ToString(attemptStart, output.Length - attemptStart);
        }

        log += ReadLogFile();
        // Knot: "(address already in use)", NSD: "Address already in use", BIND: "unable to listen on
        // any configured interfaces" (it then keeps running without a socket).
        return log.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
            || log.Contains("address in use", StringComparison.OrdinalIgnoreCase)
            || log.Contains("unable to listen on any configured interfaces", StringComparison.Ordinal);
    }

    private string ReadLogFile()
    {
        var logFile = LogFilePath;
        if (logFile is null || !File.Exists(logFile))
        {
            return string.Empty;
        }

        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            return $"({logFile}: {e.Message})\n";
        }
    }

    private async Task<bool> AnswersAsync(string zone, bool requireAnswer, CancellationToken cancellationToken)
    {
        if (requireAnswer)
        {
            return await GetSerialAsync(zone, cancellationToken).ConfigureAwait(false) is not null;
        }

        var result = await DigAsync([Absolute(zone), "SOA"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.StdOut.Contains("status:", StringComparison.Ordinal);
    }

    private void Launch(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(ExternalTool.Require(Executable))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Folder.Path,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        lock (outputGate)
        {
            attemptStart = output.Length;
        }

        AppendOutput($"--- {Executable} {string.Join(' ', arguments)} ---");
        var started = new Process { StartInfo = startInfo };
        started.OutputDataReceived += (_, e) => AppendOutput(e.Data);
        started.ErrorDataReceived += (_, e) => AppendOutput(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
    }

    private void ThrowIfExited()
    {
        if (process is { HasExited: true } exited)
        {
            throw new InvalidOperationException(
                $"{Software} (pid {exited.Id}) exited with {exited.ExitCode}.\n{Log}");
        }
    }

    /// <summary>SIGTERM to our own process, then SIGKILL to it and its children if it lingers.</summary>
    private void Stop()
    {
        var running = process;
        process = null;
        if (running is null)
        {
            return;
        }

        using (running)
        {
            try
            {
                if (!running.HasExited)
                {
                    // Children (NSD forks its server and xfrd processes) are noted first: once the
                    // parent is gone they are no longer reachable as its tree.
                    var children = ProcessTree.Descendants(running.Id);
                    Signals.Send(running.Id, Signals.Terminate);
                    if (!running.WaitForExit(TimeSpan.FromSeconds(5)))
                    {
                        running.Kill(entireProcessTree: true);
                        running.WaitForExit(TimeSpan.FromSeconds(5));
                    }

                    ProcessTree.KillSurvivors(children);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the signal.
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the server process this object started.</summary>
    private protected void Signal(int signal) => Signals.Send(ProcessId, signal);

    private void AppendOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputGate)
        {
            output.AppendLine(line);
        }
    }

    private sealed class PortTakenException : Exception;
}
