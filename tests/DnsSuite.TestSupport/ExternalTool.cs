using System.Diagnostics;
using NUnit.Framework;

namespace DnsSuite.TestSupport;

/// <summary>
/// Runs command-line tools (dig, kdig, nsupdate, named-checkzone, ...) with a timeout and captures
/// their output. Tools the tests rely on are installed by scripts/test.sh, so a missing tool is a test
/// failure, never a silent skip.
/// </summary>
public static class ExternalTool
{
    /// <summary>The default time a tool may run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Daemons and admin tools live in sbin, which a non-login PATH may lack.
    private static readonly string[] ExtraDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>The full path of <paramref name="name"/> on PATH (or in the sbin folders), or null.</summary>
    public static string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The full path of <paramref name="name"/>; fails the current test when the tool is not installed.
    /// </summary>
    public static string Require(string name)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Fail(
                $"Required tool '{name}' is not installed. Run scripts/test.sh (as root), which installs every "
                + "Debian package the tests need.");
        }

        return path!;
    }

    /// <summary>Runs <paramref name="name"/> with <paramref name="arguments"/> and waits for it to exit.</summary>
    /// <param name="name">A tool name looked up with <see cref="Require"/>, or a path.</param>
    /// <param name="arguments">Arguments, passed without any shell interpretation.</param>
    /// <param name="timeout">How long the tool may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="standardInput">Text written to the tool's standard input, which is then closed.</param>
    /// <param name="workingDirectory">The working directory, or the current one when null.</param>
    /// <param name="cancellationToken">Cancels the run and kills the tool.</param>
    /// <exception cref="TimeoutException">The tool ran longer than <paramref name="timeout"/>; it was killed.</exception>
    public static async Task<ToolResult> RunAsync(
        string name,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        string? standardInput = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var startInfo = new ProcessStartInfo(Require(name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var command = string.Join(' ', args.Prepend(name));
        using var process = new Process { StartInfo = startInfo };
        process.Start();

        // Both streams are drained concurrently, so a tool that fills one pipe cannot block on it.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken)
                    .ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading its input; its exit code tells the rest.
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return new ToolResult(
                command, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{command}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0.###} s and was killed.");
        }
    }

    /// <summary>Runs <paramref name="name"/> with <paramref name="arguments"/>.</summary>
    public static Task<ToolResult> RunAsync(string name, params string[] arguments) =>
        RunAsync(name, arguments, timeout: null);

    /// <summary>Blocking variant of <see cref="RunAsync(string, IEnumerable{string}, TimeSpan?, string?, string?, CancellationToken)"/>.</summary>
    public static ToolResult Run(string name, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync(name, arguments, timeout).GetAwaiter().GetResult();
}
