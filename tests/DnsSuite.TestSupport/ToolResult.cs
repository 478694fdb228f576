namespace DnsSuite.TestSupport;

/// <summary>What an external command printed and how it exited.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>True when the command exited with status 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws naming the command and its output when it failed.</summary>
    /// <exception cref="InvalidOperationException">The command exited with a non-zero status.</exception>
    public ToolResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException(ToString());
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"`{Command}` exited with {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
