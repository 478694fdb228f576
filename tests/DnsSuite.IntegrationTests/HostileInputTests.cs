using System.Globalization;
using System.Net;
using System.Text;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// One test per defect found with hostile input (docs/robustness.md): records too big for DNS, $INCLUDE of devices and
/// secrets, a log frame with an empty key, a corrupt log, and floods of rejected change messages.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly HttpClient Http = new() { Timeout = Timeout };

    private static readonly Dictionary<string, string> AllowTransfers = new() { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" };

    private const string GoodZone = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    private static string HugeTxt(int strings) => string.Join(' ', Enumerable.Repeat('"' + new string('x', 255) + '"', strings));

    private static Task<DnsSuiteProcess> StartAsync(string data, string zones, IReadOnlyDictionary<string, string>? environment = null) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", data, "--zones", zones], environment ?? AllowTransfers);

    [Test]
    public async Task ZoneFileWithARecordTooBigForDns_IsNotServed_NamingFileAndLine_WhileTheOtherZoneIsServedAndTransferred()
    {
        using var dir = new TempDir();
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", GoodZone))!;
        dir.WriteFile("zones/big.test.zone", GoodZone + $"big TXT {HugeTxt(260)}\n");
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), zones);

        (await DigAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
        primary.StandardOutput.ShouldContain($"{dir.Combine("zones/big.test.zone")}:6:5: TXT RDATA is longer than the 65535 octets RDLENGTH can say", customMessage: primary.ToString());
        (await DigAsync(primary, "big.test.", "SOA", "+noall", "+comments")).ShouldContain("status: REFUSED");
        (await DigAsync(primary, "a.test.", "AXFR", "+noall", "+answer")).ShouldContain("www.a.test.");
    }

    [Test]
    public async Task Publish_OfARecordTooBigForDns_IsRefusedAndWritesNothing()
    {
        using var dir = new TempDir();

        var result = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "big", "300", "TXT", HugeTxt(260), "--data", dir.Combine("data")]);

        result.ExitCode.ShouldBe(2, result.StandardError);
        result.StandardError.ShouldContain("RDLENGTH");
        result.StandardError.Length.ShouldBeLessThan(2000, "the error quotes an excerpt, not the record");
        File.Exists(dir.Combine("data/changes.log")).ShouldBeFalse();
    }

    [Test]
    public async Task IncludeOfAnEndlessDevice_IsRefusedAtOnce_AndTheOtherZoneIsServed()
    {
        using var dir = new TempDir();
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", GoodZone))!;
        string bad = dir.WriteFile("zones/zero.test.zone", GoodZone + "$INCLUDE /dev/zero\n");

        var check = await DnsSuiteProcess.RunAsync(["zone", "check", bad]);
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), zones);

        check.ExitCode.ShouldBe(1, check.StandardError);
        check.StandardError.ShouldContain("$INCLUDE '/dev/zero' is outside the including file's folder");
        (await DigAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
        primary.StandardOutput.ShouldContain("'/dev/zero' is outside", customMessage: primary.ToString());
    }

    [Test]
    public async Task IncludeOfTheProcessEnvironment_NeverShowsItsContent()
    {
        using var dir = new TempDir();
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", GoodZone))!;
        string leaky = dir.WriteFile("zones/env.test.zone", "$INCLUDE /proc/self/environ\n" + GoodZone);
        var secret = new Dictionary<string, string>(AllowTransfers) { ["DNSSUITE_TEST_SECRET"] = "s3cret-value-42" };

        var check = await DnsSuiteProcess.RunAsync(["zone", "check", leaky], secret);
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), zones, secret);

        check.ExitCode.ShouldBe(1);
        (check.StandardOutput + check.StandardError).ShouldNotContain("s3cret-value-42");
        (await DigAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
        primary.StandardOutput.ShouldContain("/proc/self/environ", customMessage: primary.ToString());
        (primary.StandardOutput + primary.StandardError).ShouldNotContain("s3cret-value-42");
    }

    [Test]
    public async Task LogFrameWithAValidChecksumAndAnEmptyKey_IsRejectedLikeAnyBadMessage_AndTheLogGoesOn()
    {
        using var dir = new TempDir();
        (DnsSuiteProcess started, string data) = await StartSeededAsync(dir);
        using DnsSuiteProcess primary = started;

        // What a buggy local writer could leave: a sealed frame (offset 1) whose key is empty.
        await AppendFramesAsync(data, 1, [], """{"version":1,"zone":"a.test.","operations":[]}"""u8.ToArray(), count: 1);

        var published = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "later", "300", "A", "192.0.2.55", "--data", data]);

        published.StandardOutput.Trim().ShouldBe("partition 0 offset 2", published.StandardError);
        await Wait.UntilAsync(async () => await DigAsync(primary, "later.a.test.") == "192.0.2.55", Timeout, "the message after the bad frame to be applied");
        primary.StandardOutput.ShouldContain("partition 0 offset 1 key '': KeyMismatch", customMessage: primary.ToString());
        primary.HasExited.ShouldBeFalse();
    }

    [Test]
    public async Task CorruptLog_KeepsThePrimaryUpAndNotReady_SayingWhereAndHowToRepair_AndRepairBringsItBack()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", GoodZone))!;
        using (DnsSuiteProcess first = await StartAsync(data, zones))
        {
            for (int i = 0; i < 3; i++)
            {
                (await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", $"n{i}", "300", "A", $"192.0.2.{20 + i}", "--data", data])).ExitCode.ShouldBe(0);
            }

            await Wait.UntilAsync(async () => await DigAsync(first, "n2.a.test.") == "192.0.2.22", Timeout, "the changes to be applied");
            (await first.StopAsync()).ShouldBe(0);
        }

        // A flipped octet inside the third record (offset 2): a valid record follows it, so this is corruption, not a torn write.
        string changes = Path.Combine(data, EmbeddedChangeLog.ChangesFileName);
        byte[] bytes = await File.ReadAllBytesAsync(changes);
        long[] starts = FrameStarts(bytes);
        bytes[starts[2] + 30] ^= 0xFF;
        await File.WriteAllBytesAsync(changes, bytes);
        int port = FreePort.Next();
        int httpPort = FreePort.Next();

        using (DnsSuiteProcess damaged = DnsSuiteProcess.Launch(
            ["primary", "--listen", $"127.0.0.1:{port}", "--http", $"127.0.0.1:{httpPort}", "--data", data, "--zones", zones]))
        {
            await Wait.UntilAsync(() => damaged.StandardOutput.Contains("is corrupt", StringComparison.Ordinal), Timeout, "the corruption to be reported");
            damaged.StandardOutput.ShouldContain($"at byte offset {starts[2]}");
            damaged.StandardOutput.ShouldContain("dnssuite log repair --data DIR");
            HttpResponseMessage readyz = await Http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/readyz"));
            readyz.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await readyz.Content.ReadAsStringAsync()).ShouldContain("corrupt");
            (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+tries=1", "+time=5", "a.test.", "SOA"], Timeout))
                .StdOut.ShouldContain("status:", customMessage: "the listeners stay open");
            damaged.HasExited.ShouldBeFalse();
        }

        var repair = await DnsSuiteProcess.RunAsync(["log", "repair", "--data", data]);
        repair.ExitCode.ShouldBe(0, repair.StandardError);
        repair.StandardOutput.ShouldContain($"cut at byte offset {starts[2]}");
        File.Exists($"{changes}.cut-{starts[2]}").ShouldBeTrue();

        using DnsSuiteProcess repaired = await StartAsync(data, zones);
        (await DigAsync(repaired, "n0.a.test.")).ShouldBe("192.0.2.20", "what came before the damage is kept");
    }

    [Test]
    public async Task BurstOfRejectedLargeMessages_IsLoggedInBoundedLinesAndSummarized()
    {
        using var dir = new TempDir();
        (DnsSuiteProcess started, string data) = await StartSeededAsync(dir);
        using DnsSuiteProcess primary = started;

        // 30 messages of 200 kB that a primary rejects (publish would refuse them itself), at offsets 1 to 30.
        byte[] value = Encoding.UTF8.GetBytes($$"""{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"big","ttl":60,"type":"A","rdata":"{{new string('9', 200_000)}}"}]}""");
        await AppendFramesAsync(data, 1, Encoding.UTF8.GetBytes("a.test."), value, count: 30);

        (await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "after", "300", "A", "192.0.2.99", "--data", data])).ExitCode.ShouldBe(0);
        await Wait.UntilAsync(async () => await DigAsync(primary, "after.a.test.") == "192.0.2.99", Timeout, "the message after the burst to be applied");
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("more changes from", StringComparison.Ordinal), Timeout, "the summary of the rejections not logged one by one");

        string[] lines = primary.StandardOutput.Split('\n');
        lines.Max(line => line.Length).ShouldBeLessThan(2000, "a rejection quotes an excerpt");
        lines.Count(line => line.Contains("InvalidRdata", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(21, "20 one by one, then one summary");
        primary.StandardOutput.ShouldContain("Rejected 10 more changes from");
    }

    /// <summary>A primary on a.test. whose seed is the log's record 0, and its data folder.</summary>
    private static async Task<(DnsSuiteProcess Primary, string Data)> StartSeededAsync(TempDir dir)
    {
        string data = dir.Combine("data");
        DnsSuiteProcess primary = await StartAsync(data, Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", GoodZone))!);
        try
        {
            (await DigAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10", "seeded at offset 0");
            return (primary, data);
        }
        catch
        {
            primary.Dispose();
            throw;
        }
    }

    /// <summary>Appends <paramref name="count"/> sealed frames with offsets from <paramref name="offset"/> on, as a writer that bypasses every check would.</summary>
    private static async Task AppendFramesAsync(string data, long offset, byte[] key, byte[] value, int count)
    {
        await using var file = new FileStream(Path.Combine(data, EmbeddedChangeLog.ChangesFileName), FileMode.Append);
        for (int i = 0; i < count; i++)
        {
            byte[] frame = RecordFrame.Create(0, 0, key, value);
            RecordFrame.Seal(frame, offset + i, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await file.WriteAsync(frame);
        }
    }

    /// <summary>The byte offset of every record of a changes.log (after its 32-octet header).</summary>
    private static long[] FrameStarts(byte[] file)
    {
        var starts = new List<long>();
        for (long at = 32; at + 10 <= file.Length; at += 10 + BitConverter.ToUInt32(file, (int)at + 2))
        {
            starts.Add(at);
        }

        return [.. starts];
    }

    private static async Task<string> DigAsync(DnsSuiteProcess primary, string name, string type = "A", params string[] options) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+tries=1", "+time=5", .. options.Length == 0 ? ["+short"] : options, name, type], Timeout)).StdOut.Trim();
}
