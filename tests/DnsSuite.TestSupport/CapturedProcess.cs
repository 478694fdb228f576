using System.Diagnostics;
using System.Text;

namespace DnsSuite.TestSupport;

/// <summary>
/// A process a test started, with its standard output and error kept as they arrive; killed with its children on
/// dispose if it is still running. Standard input stays open until <see cref="CloseInput"/> or dispose, so a child
/// that reads it to its end (the mock Kafka broker) ends with the test.
/// </summary>
public sealed class CapturedProcess : IDisposable
{
    private static readonly TimeSpan DefaultExitTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly string description;

    /// <summary>Starts <paramref name="command"/> (file name, then arguments, no shell).</summary>
    public CapturedProcess(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        description = string.Join(' ', command);
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string StandardOutput => Read(output);

    public string StandardError => Read(error);

    /// <summary>Closes the process's standard input.</summary>
    public void CloseInput() => process.StandardInput.Close();

    /// <summary>Sends <paramref name="signal"/> (<see cref="Signals"/>) to the process if it still runs.</summary>
    public void Signal(int signal)
    {
        if (!process.HasExited)
        {
            Signals.Send(process.Id, signal);
        }
    }

    /// <summary>Waits for the exit and for the redirected output to be read to its end; returns the exit code.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/> (30 s when null).</exception>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultExitTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{description} did not exit within {(timeout ?? DefaultExitTimeout).TotalSeconds:0.###} s; {this}");
        }

        return process.ExitCode;
    }

    /// <summary>Kills the process and its children now (SIGKILL), as a crash or <c>docker kill</c> would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    public override string ToString() => $"{description} (pid {process.Id})\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

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

    private static string Read(StringBuilder source)
    {
        lock (source)
        {
            return source.ToString();
        }
    }
}
