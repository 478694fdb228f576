namespace DnsSuite.TestSupport;

/// <summary>
/// How <see cref="DnsSuiteProcess"/> starts <c>dnssuite</c>: by default <c>dotnet dnssuite.dll</c> from the test's
/// output folder; optionally another executable (an apphost, as in the container image), under another user
/// (<c>setpriv</c>, as the image's <c>USER</c>), behind a command prefix such as <c>ip netns exec NAME</c>.
/// </summary>
public sealed record DnsSuiteLauncher
{
    public static readonly DnsSuiteLauncher Default = new();

    /// <summary>Words before everything else, e.g. <c>ip netns exec lab-1</c>; each must exec what follows (same process).</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];

    /// <summary>The executable to run instead of <c>dotnet dnssuite.dll</c>.</summary>
    public string? Executable { get; init; }

    /// <summary>The dnssuite.dll that <c>dotnet</c> runs (a benchmark's Release build); null: the one beside the test assembly.</summary>
    public string? Dll { get; init; }

    /// <summary>How long the process may take to write its ready file, and to exit once asked to.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run as this user and group id, with no supplementary groups; the process folder is given to it.</summary>
    public int? UserId { get; init; }

    /// <summary>The command line before the arguments of <c>dnssuite</c>.</summary>
    public IReadOnlyList<string> Command()
    {
        List<string> command = [.. Prefix];
        if (UserId is { } user)
        {
            command.AddRange([ExternalTool.Require("setpriv"), $"--reuid={user}", $"--regid={user}", "--clear-groups"]);
        }

        if (Executable is not null)
        {
            command.Add(Executable);
        }
        else
        {
            command.AddRange([Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Dll ?? Path.Combine(AppContext.BaseDirectory, "dnssuite.dll")]);
        }

        return command;
    }
}
