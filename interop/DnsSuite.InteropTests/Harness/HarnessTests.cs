using DnsSuite.TestSupport;

namespace DnsSuite.InteropTests.Harness;

[TestFixture]
[Category("Harness")]
public class HarnessTests
{
    [Test]
    public async Task ExternalTool_LargeOutputOnBothStreams_CompletesWithoutDeadlock()
    {
        var result = await ExternalTool.RunAsync(
            "sh", ["-c", "seq 1 200000; seq 1 200000 >&2"], TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0);
        result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(200000);
        result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(200000);
    }

    [Test]
    public async Task ExternalTool_WhenToolOutlivesTimeout_KillsItAndThrows()
    {
        var error = await Should.ThrowAsync<TimeoutException>(
            () => ExternalTool.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(200)));

        error.Message.ShouldContain("sleep 30");
    }

    [Test]
    public async Task ExternalTool_PassesStandardInput()
    {
        var result = await ExternalTool.RunAsync("cat", [], standardInput: "zone example.com.\n");

        result.StdOut.ShouldBe("zone example.com.\n");
    }

    [Test]
    public async Task Wait_UntilAsync_OnTimeout_NamesWhatItWaitedFor()
    {
        var error = await Should.ThrowAsync<TimeoutException>(
            () => Wait.UntilAsync(() => false, TimeSpan.FromMilliseconds(100), "the moon to turn blue"));

        error.Message.ShouldContain("the moon to turn blue");
    }

    [Test]
    public void FreePort_Next_HandsOutDistinctBindablePorts()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.Next()).ToList();

        ports.Distinct().Count().ShouldBe(50);
        ports.ShouldAllBe(p => p >= 20000 && p < 32768);
    }

    [Test]
    public void TempDir_Dispose_DeletesTheFolderAndItsFiles()
    {
        var dir = new TempDir();
        dir.WriteFile("sub/a.zone", "x");

        dir.Dispose();

        Directory.Exists(dir.Path).ShouldBeFalse();
    }
}
