using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary><c>dnssuite zone check|export</c> run as a process, checked with BIND's named-checkzone.</summary>
public sealed class ZoneCommandTests
{
    private static string SampleZone => Path.Combine(RepositoryPaths.SampleZones, "example.com.zone");

    [Test]
    public async Task ZoneCheck_OfAValidZone_PrintsASummaryAndExitsZero()
    {
        (int exitCode, string output, string error) = await DnsSuiteProcess.RunAsync(["zone", "check", SampleZone]);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("zone example.com. serial 2026112101");
        output.ShouldContain("OK");
    }

    [Test]
    public async Task ZoneCheck_OfASyntaxError_NamesFileLineAndColumn()
    {
        using var dir = new TempDir();
        string file = dir.WriteFile("bad.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww MX ten mail\n");

        (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["zone", "check", file]);

        exitCode.ShouldBe(1);
        error.ShouldContain($"{file}:5:");
    }

    [Test]
    public async Task ZoneCheck_OfAnRRsetOverTheRecordLimit_NamesFileAndLine_AndTheLimitIsAnOption()
    {
        using var dir = new TempDir();
        string file = dir.WriteFile("big.test.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\n"
            + string.Concat(Enumerable.Range(1, 101).Select(i => $"big A 10.0.0.{i}\n")));

        (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["zone", "check", file]);
        (int unlimited, _, string unlimitedError) = await DnsSuiteProcess.RunAsync(["zone", "check", file, "--max-records-per-rrset", "0"]);

        exitCode.ShouldBe(1);
        error.Trim().ShouldBe($"{file}:105: big.big.test. A: the RRset would hold 101 records, more than the 100 one RRset may hold (MaxRecordsPerRRset, as BIND's max-records-per-type); this is record 101");
        unlimited.ShouldBe(0, unlimitedError);
    }

    [Test]
    public async Task ZoneCheck_OfARuleViolation_ListsEveryProblem()
    {
        using var dir = new TempDir();
        string file = dir.WriteFile("rules.zone", "$TTL 60\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww CNAME ns\nwww A 192.0.2.2\nout.example.org. A 192.0.2.3\n");

        (int exitCode, _, string error) = await DnsSuiteProcess.RunAsync(["zone", "check", file, "--origin", "rules.test"]);

        exitCode.ShouldBe(1);
        error.ShouldContain("CNAME");
        error.ShouldContain("example.org");
    }

    [Test]
    public async Task ZoneExport_PrintsCanonicalTextThatNamedCheckzoneAccepts()
    {
        using var dir = new TempDir();
        (int exitCode, string output, string error) = await DnsSuiteProcess.RunAsync(["zone", "export", SampleZone]);
        exitCode.ShouldBe(0, error);
        output.Split('\n')[0].ShouldStartWith("example.com.");
        output.Split('\n')[0].ShouldContain("SOA");
        string exported = dir.WriteFile("exported.zone", output);

        ToolResult check = await ExternalTool.RunAsync("named-checkzone", ["example.com", exported]);

        check.ExitCode.ShouldBe(0, check.StdOut + check.StdErr);
        check.StdOut.ShouldContain("loaded serial 2026112101");
    }
}
