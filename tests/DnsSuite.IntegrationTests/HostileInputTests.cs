using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Network;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// One test per defect found with hostile input (docs/robustness.md): records too big for DNS, $INCLUDE of devices and
/// secrets, a log frame with an empty key, a corrupt log, floods of rejected change messages, stalled transfer readers,
/// idle TCP connections, a spoofable UDP flood, and the smaller ones (control characters in names, TTLs of 2^31 and
/// more, an IXFR whose SOA has another class).
/// </summary>
public sealed class HostileInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> AllowTransfers = new() { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" };

    private const string GoodZone = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    private static string HugeTxt(int strings) => string.Join(' ', Enumerable.Repeat('"' + new string('x', 255) + '"', strings));

    private static readonly DomainName Origin = DomainName.Parse("a.test.");

    /// <summary>Writes a.test.'s zone file (<paramref name="text"/>, the good zone by default) and returns the zone folder.</summary>
    private static string ZoneFolder(TempDir dir, string text = GoodZone) => Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", text))!;

    private static Dictionary<string, string> Configured(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>(AllowTransfers);
        foreach ((string key, string value) in settings)
        {
            environment["DNSSUITE__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    private static Task<DnsSuiteProcess> StartAsync(string data, string zones, IReadOnlyDictionary<string, string>? environment = null) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", data, "--zones", zones], environment ?? AllowTransfers);

    [Test]
    public async Task ZoneFileWithARecordTooBigForDns_IsNotServed_NamingFileAndLine_WhileTheOtherZoneIsServedAndTransferred()
    {
        using var dir = new TempDir();
        string zones = ZoneFolder(dir);
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
    public async Task IncludeOfAnEndlessDevice_IsRefusedAtOnce_AndThePrimaryIsReadyWithTheOtherZone()
    {
        using var dir = new TempDir();
        string zones = ZoneFolder(dir);
        string bad = dir.WriteFile("zones/zero.test.zone", GoodZone + "$INCLUDE /dev/zero\n");

        var check = await DnsSuiteProcess.RunAsync(["zone", "check", bad]);
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), zones);

        check.ExitCode.ShouldBe(1, check.StandardError);
        check.StandardError.ShouldContain("$INCLUDE '/dev/zero' is outside the including file's folder");
        (await DigAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
        primary.StandardOutput.ShouldContain("'/dev/zero' is outside", customMessage: primary.ToString());
        await Wait.UntilAsync(async () => (await ReadinessAsync($"http://{primary.HttpEndPoint}")).Status == HttpStatusCode.OK, Timeout, "the primary to be ready with the good zone");
    }

    [Test]
    public async Task IncludeOfTheProcessEnvironment_NeverShowsItsContent()
    {
        using var dir = new TempDir();
        string zones = ZoneFolder(dir);
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
        string zones = ZoneFolder(dir);
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
            (HttpStatusCode status, string readiness) = await ReadinessAsync($"http://127.0.0.1:{httpPort}");
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            readiness.ShouldContain("corrupt");
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

    [Test]
    public async Task TransfersWhoseReadersStall_HoldTheirSlotsUntilCutOff_SoMoreAreRefusedMeanwhile()
    {
        using var dir = new TempDir();
        // Some 60 kB of AXFR: far more than the 4 kB receive buffers of the readers that stall take.
        string zone = GoodZone + string.Concat(Enumerable.Range(0, 300).Select(i => $"t{i} TXT \"{new string('x', 200)}\"\n"));
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), ZoneFolder(dir, zone),
            Configured(("Transfers:MaxConcurrent", "2"), ("Server:TcpSendTimeout", "00:00:05")));
        using RawTcpConnection first = await StalledAxfrAsync(primary);
        using RawTcpConnection second = await StalledAxfrAsync(primary);

        using (RawTcpConnection third = await RawTcpConnection.ConnectAsync(primary.TcpEndPoint))
        {
            await third.SendAsync(RawTcpConnection.Frame(Message.CreateQuery(Origin, RecordType.AXFR, 3)));
            (await third.ReadMessageAsync()).ResponseCode.ShouldBe(ResponseCode.ServFail, "both slots are held by transfers not yet delivered");
        }

        await Wait.UntilAsync(() => first.WasReset && second.WasReset, Timeout, "the stalled readers to be cut off after the send timeout");
        (await DigAsync(primary, "a.test.", "AXFR", "+noall", "+answer")).ShouldContain("t299.a.test.", customMessage: "the slots are free again");
    }

    [Test]
    public async Task IdleConnectionsFillingTheServer_NeverKeepANewClientOut()
    {
        using var dir = new TempDir();
        // Long idle timeouts: what makes room here is the limit, not the clock.
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), ZoneFolder(dir), Configured(
            ("Server:MaxTcpConnections", "8"), ("Server:MaxTcpConnectionsPerClient", "4"), ("Server:TcpIdleTimeout", "00:01:00"), ("Server:TcpBusyIdleTimeout", "00:01:00")));
        var idle = new List<RawTcpConnection>();
        try
        {
            foreach (string attacker in new[] { "127.0.1.1", "127.0.1.2" })
            {
                for (int i = 0; i < 4; i++)
                {
                    idle.Add(await RawTcpConnection.ConnectAsync(primary.TcpEndPoint, IPAddress.Parse(attacker)));
                }
            }

            using (RawTcpConnection beyond = await RawTcpConnection.ConnectAsync(primary.TcpEndPoint, IPAddress.Parse("127.0.1.1")))
            {
                // Accepted in order: once this one is refused, the eight before it fill the server.
                (await beyond.WaitForCloseAsync()).ShouldBeTrue("a fifth connection from one client is closed at once");
            }

            (await DigAsync(primary, "www.a.test.", "A", "+tcp", "+short")).ShouldBe("192.0.2.10", "a new client takes the place of an idle connection");
            await Wait.UntilAsync(() => idle.Count(connection => connection.WasClosed) == 1, Timeout, "the connection quiet longest to be closed for it");
        }
        finally
        {
            idle.ForEach(connection => connection.Dispose());
        }
    }

    [Test]
    public async Task SpoofableUdpFlood_IsRateLimitedWithSlip_ButNeitherExemptClientsNorTcp()
    {
        using var dir = new TempDir();
        // One receive loop answers in order, so the control query's answer comes after every answer to the flood.
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), ZoneFolder(dir), Configured(
            ("Server:RateLimit:ResponsesPerSecond", "5"), ("Server:RateLimit:Slip", "2"), ("Server:RateLimit:Exempt:0", "127.0.0.2"), ("Server:UdpReceiveLoops", "1")));

        (int full, int truncated, TimeSpan elapsed) = await FloodAsync(primary, IPAddress.Loopback, queries: 60);
        (int exemptFull, int exemptTruncated, _) = await FloodAsync(primary, IPAddress.Parse("127.0.0.2"), queries: 60);

        // A bucket passes one second's worth at once (6 with the first) and then 5 a second.
        full.ShouldBeInRange(6, 7 + (int)(5 * elapsed.TotalSeconds), $"in {elapsed.TotalSeconds:0.00} s");
        truncated.ShouldBe((60 - full) / 2, "every second response held back goes out truncated");
        (exemptFull, exemptTruncated).ShouldBe((60, 0));
        (await DigAsync(primary, "www.a.test.", "A", "+tcp", "+short")).ShouldBe("192.0.2.10", "TCP is never limited");
    }

    [Test]
    public async Task ZoneFileWithARawControlCharacterInAnOwner_FailsTheCheckAtItsLine()
    {
        using var dir = new TempDir();
        string file = dir.WriteFile("zones/a.test.zone", GoodZone + "bad\u0001name A 192.0.2.3\n");

        var check = await DnsSuiteProcess.RunAsync(["zone", "check", file]);

        check.ExitCode.ShouldBe(1, check.StandardError);
        check.StandardError.ShouldContain($"{file}:6:1: invalid domain name 'bad\\001name': a blank or control character");
    }

    [Test]
    public async Task Publish_OfANameWithARawBlankOrATtlOf2To31_IsRefusedSayingWhy()
    {
        using var dir = new TempDir();

        var blank = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "raw blank", "300", "A", "192.0.2.5", "--data", dir.Combine("data")]);
        var ttl = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "www", "2147483648", "A", "192.0.2.5", "--data", dir.Combine("data")]);

        blank.ExitCode.ShouldBe(2, blank.StandardError);
        blank.StandardError.ShouldContain("a blank or control character");
        ttl.ExitCode.ShouldBe(2, ttl.StandardError);
        ttl.StandardError.ShouldContain("from 0 to 2147483647");
        File.Exists(dir.Combine("data/changes.log")).ShouldBeFalse();
    }

    [Test]
    public async Task ChangeMessageWithARawTabInAName_IsRefusedByPublish_AndRejectedByThePrimary()
    {
        using var dir = new TempDir();
        (DnsSuiteProcess started, string data) = await StartSeededAsync(dir);
        using DnsSuiteProcess primary = started;
        string json = """{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"raw\ttab","ttl":60,"type":"A","rdata":"192.0.2.6"}]}""";

        var published = await DnsSuiteProcess.RunAsync(["publish", "raw", dir.WriteFile("tab.json", json), "--data", data]);
        await AppendFramesAsync(data, 1, Encoding.UTF8.GetBytes("a.test."), Encoding.UTF8.GetBytes(json), count: 1);

        published.ExitCode.ShouldBe(2, published.StandardError);
        published.StandardError.ShouldContain("a blank or control character");
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("partition 0 offset 1 key 'a.test.': InvalidName", StringComparison.Ordinal), Timeout, "the message a writer bypassing publish wrote to be rejected");
    }

    [Test]
    public async Task IxfrWhoseClientSoaHasAnotherClass_IsFormErr()
    {
        using var dir = new TempDir();
        using DnsSuiteProcess primary = await StartAsync(dir.Combine("data"), ZoneFolder(dir));
        Message request = Message.CreateQuery(Origin, RecordType.IXFR, 7);
        request.Authority.Add(new ResourceRecord(Origin, RecordClass.CH, 60, new SoaRdata(DomainName.Parse("ns.a.test."), DomainName.Parse("hostmaster.a.test."), 9, 60, 60, 600, 60)));
        using RawTcpConnection client = await RawTcpConnection.ConnectAsync(primary.TcpEndPoint);

        await client.SendAsync(RawTcpConnection.Frame(request));

        (await client.ReadMessageAsync()).ResponseCode.ShouldBe(ResponseCode.FormErr, "BIND answers FORMERR too");
    }

    /// <summary>A primary on a.test. whose seed is the log's record 0, and its data folder.</summary>
    private static async Task<(DnsSuiteProcess Primary, string Data)> StartSeededAsync(TempDir dir)
    {
        string data = dir.Combine("data");
        DnsSuiteProcess primary = await StartAsync(data, ZoneFolder(dir));
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

    /// <summary>An AXFR from a client with a 4 kB receive buffer that never reads, once the server has started sending it.</summary>
    private static async Task<RawTcpConnection> StalledAxfrAsync(DnsSuiteProcess primary)
    {
        RawTcpConnection reader = await RawTcpConnection.ConnectAsync(primary.TcpEndPoint, receiveBuffer: 4096);
        await reader.SendAsync(RawTcpConnection.Frame(Message.CreateQuery(Origin, RecordType.AXFR, 1)));
        await Wait.UntilAsync(() => reader.Available > 0, Timeout, "the stalled transfer to start");
        return reader;
    }

    /// <summary>
    /// Sends <paramref name="queries"/> identical UDP queries from <paramref name="from"/>, then a control query of
    /// another name, and counts the answers that came back before the control's: full ones and truncated ones (TC).
    /// </summary>
    private static async Task<(int Full, int Truncated, TimeSpan Elapsed)> FloodAsync(DnsSuiteProcess primary, IPAddress from, int queries)
    {
        const ushort ControlId = 0xFFFF;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        long started = Stopwatch.GetTimestamp();
        for (int id = 1; id <= queries; id++)
        {
            await socket.SendToAsync(Message.CreateQuery(DomainName.Parse("www.a.test."), RecordType.A, (ushort)id).ToArray(), primary.UdpEndPoint);
        }

        await socket.SendToAsync(Message.CreateQuery(DomainName.Parse("ns.a.test."), RecordType.A, ControlId).ToArray(), primary.UdpEndPoint);
        using var timeout = new CancellationTokenSource(Timeout);
        byte[] response = new byte[65535];
        int full = 0, truncated = 0;
        while (true)
        {
            int length = await socket.ReceiveAsync(response, SocketFlags.None, timeout.Token);
            length.ShouldBeGreaterThanOrEqualTo(12);
            if (BinaryPrimitives.ReadUInt16BigEndian(response) == ControlId)
            {
                return (full, truncated, Stopwatch.GetElapsedTime(started));
            }

            if ((response[2] & 0x02) != 0)
            {
                truncated++;
            }
            else
            {
                full++;
            }
        }
    }

    /// <summary>Appends <paramref name="count"/> sealed frames with offsets from <paramref name="offset"/> on, as a writer that bypasses every check would.</summary>
    /// <summary>
    /// Appends raw records the way a writer of the embedded log must: holding its lock. Without it a running primary
    /// that syncs while a large record is half written takes that record for a torn tail and cuts it, and the rest
    /// of the appends land after the cut, so the next writer (publish) finds the log corrupt.
    /// </summary>
    private static async Task AppendFramesAsync(string data, long offset, byte[] key, byte[] value, int count)
    {
        using FileStream writerLock = await CrossProcessLock.AcquireAsync(Path.Combine(data, EmbeddedChangeLog.LockFileName), Timeout, CancellationToken.None);
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

    private static async Task<(HttpStatusCode Status, string Text)> ReadinessAsync(string server)
    {
        using var http = new HttpClient { Timeout = Timeout };
        using HttpResponseMessage readyz = await http.GetAsync(new Uri($"{server}/readyz"));
        return (readyz.StatusCode, await readyz.Content.ReadAsStringAsync());
    }

    private static async Task<string> DigAsync(DnsSuiteProcess primary, string name, string type = "A", params string[] options) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+tries=1", "+time=5", .. options.Length == 0 ? ["+short"] : options, name, type], Timeout)).StdOut.Trim();
}
