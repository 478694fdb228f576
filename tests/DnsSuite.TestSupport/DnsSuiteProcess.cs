using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DnsSuite.TestSupport;

/// <summary>
/// The real <c>dnssuite</c> executable (dnssuite.dll beside the test assembly) run as a child process: started
/// with a ready file in a temporary folder, stopped with SIGTERM, killed on dispose if still running.
/// </summary>
public sealed class DnsSuiteProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly string _directory;

    private DnsSuiteProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("dnssuite-test-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dnssuite.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
    }

    /// <summary>The folder the process runs in (its working directory), deleted on dispose.</summary>
    public string Directory => _directory;

    public string ReadyFile => Path.Combine(_directory, "ready.json");

    public IPEndPoint UdpEndPoint { get; private set; } = new(IPAddress.None, 0);

    public IPEndPoint TcpEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>The metrics and health endpoint from the ready file; null when it is off or not bound.</summary>
    public IPEndPoint? HttpEndPoint { get; private set; }

    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dnssuite</c> with <paramref name="args"/> plus <c>--ready-file</c> and waits until it has written that file.</summary>
    public static async Task<DnsSuiteProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var process = new DnsSuiteProcess(args, environment);
        process._process.StartInfo.ArgumentList.Add("--ready-file");
        process._process.StartInfo.ArgumentList.Add(process.ReadyFile);
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

    /// <summary>Runs <c>dnssuite</c> with <paramref name="args"/> to its end, for commands that are expected to exit by themselves.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var process = new DnsSuiteProcess(args, environment);
        process.Start();
        int exitCode = await process.WaitForExitAsync(cancellationToken);
        return (exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Sends SIGTERM (a clean shutdown request) and returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.Terminate);
        }

        return await WaitForExitAsync(cancellationToken);
    }

    /// <summary>Sends SIGHUP: the primary rescans its zone files.</summary>
    public void Reload() => Signals.Send(_process.Id, Signals.Hangup);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }

    public override string ToString() => $"dnssuite (pid {_process.Id})\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private void Start()
    {
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            // Also waits for the redirected output to be read to its end.
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"dnssuite did not exit within {DefaultTimeout}; {this}");
        }

        return _process.ExitCode;
    }

    private async Task WaitForReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        while (!File.Exists(ReadyFile))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dnssuite exited with code {_process.ExitCode} before it was ready; {this}");
            }

            try
            {
                await poll.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"dnssuite did not write {ReadyFile} within {DefaultTimeout}; {this}");
            }
        }

        using JsonDocument ready = JsonDocument.Parse(await File.ReadAllTextAsync(ReadyFile, cancellationToken));
        UdpEndPoint = IPEndPoint.Parse(ready.RootElement.GetProperty("udp")[0].GetString()!);
        TcpEndPoint = IPEndPoint.Parse(ready.RootElement.GetProperty("tcp")[0].GetString()!);
        HttpEndPoint = ready.RootElement.TryGetProperty("http", out JsonElement http) ? IPEndPoint.Parse(http.GetString()!) : null;
    }
}
