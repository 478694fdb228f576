using System.Text.RegularExpressions;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// The short fixed slice of coverage-guided fuzzing that CI runs: every AFL++ target of fuzz/ for a few seconds from
/// its seed corpus (fuzz/README.md has the command for hours). A crash fails the test with the input that caused it.
/// </summary>
[Category("Fuzz")]
public sealed partial class FuzzSliceTests
{
    private const int SecondsPerTarget = 10;

    [Test]
    public async Task EveryFuzzTarget_RunsUnderAflWithoutACrash()
    {
        using var work = new TempDir("fuzz");
        ToolResult run = await ExternalTool.RunAsync(
            "env",
            ["FUZZ_WORK=" + work.Path, "bash", Path.Combine(RepositoryPaths.Root, "fuzz", "run.sh"), "--seconds", SecondsPerTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(8));

        run.ExitCode.ShouldBe(0, run.StdOut + run.StdErr);
        foreach (string target in new[] { "message", "zonefile", "change" })
        {
            Match line = Summary().Match(run.StdOut.Split('\n').Single(l => l.StartsWith(target + ":", StringComparison.Ordinal)));
            line.Success.ShouldBeTrue(run.StdOut);
            long.Parse(line.Groups["execs"].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(1000, $"{target} ran");
            int.Parse(line.Groups["corpus"].Value, System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBeGreaterThan(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "fuzz", "corpus", target)).Length, $"{target}: coverage feedback found new inputs");
            line.Groups["crashes"].Value.ShouldBe("0");
        }
    }

    [GeneratedRegex(@": (?<execs>\d+) executions in \d+ s, corpus (?<corpus>\d+) inputs, .* (?<crashes>\d+) crashes")]
    private static partial Regex Summary();
}
