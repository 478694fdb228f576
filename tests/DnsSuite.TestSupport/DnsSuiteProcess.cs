using System.Net;
using System.Text.Json;

namespace DnsSuite.TestSupport;

/// <summary>
/// The real <c>dnssuite</c> executable (dnssuite.dll beside the test assembly, or as <see cref="DnsSuiteLauncher"/>
/// says) run as a child process in a temporary folder of its own (so it reads no <c>conf/dnssuite.json</c>): started
/// with a ready file, stopped with SIGTERM, killed on dispose if still running. Tests and the benchmarks start servers
/// with it.
/// </summary>
public sealed class DnsSuiteProcess : IDisposable, IAsyncDisposable
{
    private readonly TimeSpan _timeout;
    private readonly string _directory;
    private readonly List<string> _command;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private CapturedProcess? _process;

    private DnsSuiteProcess(DnsSuiteLauncher launcher, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        _timeout = launcher.Timeout;
        _directory = System.IO.Directory.CreateTempSubdirectory("dnssuite-test-").FullName;
        if (launcher.UserId is { } user)
        {
            ChangeOwner(_directory, user);
        }

        _command = [.. launcher.Command(), .. args];
        _environment = environment;
    }

    /// <summary>The folder the process runs in (its working directory), deleted on dispose.</summary>
    public string Directory => _directory;

    public string ReadyFile => Path.Combine(_directory, "ready.json");

    public IPEndPoint UdpEndPoint { get; private set; } = new(IPAddress.None, 0);

    public IPEndPoint TcpEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>The metrics and health endpoint from the ready file; null when it is off or not bound.</summary>
    public IPEndPoint? HttpEndPoint { get; private set; }

    public string StandardOutput => Process.StandardOutput;

    public string StandardError => Process.StandardError;

    public bool HasExited => Process.HasExited;

    /// <summary>The process id, for what a benchmark reads of the process (CPU time, memory).</summary>
    public int Id => Process.Id;

    private CapturedProcess Process => _process ?? throw new InvalidOperationException("dnssuite was not started.");

    /// <summary>Starts <c>dnssuite</c> with <paramref name="args"/> plus <c>--ready-file</c> and waits until it has written that file.</summary>
    public static Task<DnsSuiteProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default) =>
        StartAsync(DnsSuiteLauncher.Default, args, environment, cancellationToken);

    /// <summary>Starts <c>dnssuite</c> the way <paramref name="launcher"/> says, with <paramref name="args"/> plus <c>--ready-file</c>, and waits until it has written that file.</summary>
    public static async Task<DnsSuiteProcess> StartAsync(DnsSuiteLauncher launcher, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var process = new DnsSuiteProcess(launcher, args, environment);
        process._command.AddRange(["--ready-file", process.ReadyFile]);
        try
        {
            process.Start();
            await process.WaitForReadyAsync(cancellationToken);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts <c>dnssuite</c> without waiting for its ready file, for a process expected never to become ready: the
    /// test gives it fixed ports and polls what it needs.
    /// </summary>
    public static DnsSuiteProcess Launch(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = new DnsSuiteProcess(DnsSuiteLauncher.Default, args, environment);
        process.Start();
        return process;
    }

    /// <summary>Runs <c>dnssuite</c> with <paramref name="args"/> to its end, for commands that are expected to exit by themselves.</summary>
    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default) =>
        RunAsync(DnsSuiteLauncher.Default, args, environment, cancellationToken);

    /// <summary>Runs <c>dnssuite</c> the way <paramref name="launcher"/> says, to its end.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(DnsSuiteLauncher launcher, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var process = new DnsSuiteProcess(launcher, args, environment);
        process.Start();
        int exitCode = await process.Process.WaitForExitAsync(process._timeout, cancellationToken);
        return (exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Sends SIGTERM (a clean shutdown request) and returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        Process.Signal(Signals.Terminate);
        return await Process.WaitForExitAsync(_timeout, cancellationToken);
    }

    /// <summary>Sends SIGHUP: the primary rescans its zone files.</summary>
    public void Reload() => Process.Signal(Signals.Hangup);

    /// <summary>Kills the process at once (SIGKILL), as a crash or <c>docker kill</c> would; its folder stays until dispose.</summary>
    public void Kill() => Process.Kill();

    /// <summary>Stops the process as <see cref="StopAsync"/> does (killing it when it does not exit in time), then disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                // Dispose kills it.
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }

    public override string ToString() => _process?.ToString() ?? "dnssuite (not started)";

    private static void ChangeOwner(string path, int user) => ExternalTool.Run("chown", [$"{user}:{user}", path]).EnsureSuccess();

    private void Start() => _process = new CapturedProcess(_command, _environment, _directory);

    private async Task WaitForReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        while (!File.Exists(ReadyFile))
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"dnssuite exited with code {Process.ExitCode} before it was ready; {this}");
            }

            try
            {
                await poll.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"dnssuite did not write {ReadyFile} within {_timeout.TotalSeconds:0.###} s; {this}");
            }
        }

        using JsonDocument ready = JsonDocument.Parse(await File.ReadAllTextAsync(ReadyFile, cancellationToken));
        UdpEndPoint = IPEndPoint.Parse(ready.RootElement.GetProperty("udp")[0].GetString()!);
        TcpEndPoint = IPEndPoint.Parse(ready.RootElement.GetProperty("tcp")[0].GetString()!);
        HttpEndPoint = ready.RootElement.TryGetProperty("http", out JsonElement http) ? IPEndPoint.Parse(http.GetString()!) : null;
    }
}
