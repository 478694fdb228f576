using System.Globalization;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.ChangeLog.Kafka;
using DnsSuite.TestSupport;
using DnsSuite.KafkaMock;
using DnsSuite.TestSupport.Zones;

namespace DnsSuite.IntegrationTests;

/// <summary>The real <c>dnssuite primary</c>, <c>publish</c> and <c>log inspect</c> on Kafka (librdkafka's mock cluster, in this process).</summary>
public sealed class PrimaryKafkaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Primary_OnKafka_SeedsPublishesRejectsAndRestartsWithTheSameSerial()
    {
        using KafkaMockCluster cluster = Cluster("test", changesPartitions: 3, snapshotPartitions: 1);
        using var dir = new TempDir();
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n"))!;
        string conflict = dir.WriteFile("cname.json", """{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"www","ttl":60,"type":"CNAME","rdata":"web"}]}""");
        string[] kafka = ["--kafka", cluster.BootstrapServers, "--changes-topic", "test.changes", "--snapshots-topic", "test.snapshots", "--kafka-property", "client.id=dnssuite-test"];
        string[] primaryArgs = ["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine("data"), "--zones", zones, .. kafka];

        using (DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(primaryArgs))
        {
            (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");
            primary.StandardOutput.ShouldContain("librdkafka 2.16.0: the ", customMessage: "the primary names the librdkafka build it loaded");

            var rejected = await DnsSuiteProcess.RunAsync(["publish", "raw", conflict, .. kafka]);
            rejected.ExitCode.ShouldBe(0, rejected.StandardError);
            var added = await DnsSuiteProcess.RunAsync(["publish", "add", "a.test.", "web", "300", "A", "192.0.2.55", .. kafka]);
            added.ExitCode.ShouldBe(0, added.StandardError);
            added.StandardOutput.ShouldMatch(@"^partition \d offset 2\s*$");

            await Wait.UntilAsync(async () => await ShortAsync(primary, "web.a.test.") == "192.0.2.55", Timeout, "the published record to be served");
            (await ShortAsync(primary, "a.test.", "SOA")).Split(' ')[2].ShouldBe("11");
            await Wait.UntilAsync(() => primary.StandardOutput.Contains("CnameConflict", StringComparison.Ordinal), Timeout, "the rejection to be logged");

            var inspect = await DnsSuiteProcess.RunAsync(["log", "inspect", .. kafka]);
            inspect.ExitCode.ShouldBe(0, inspect.StandardError);
            inspect.StandardOutput.ShouldContain("zone a.test.");
            inspect.StandardOutput.ShouldContain("REJECTED CnameConflict");
            inspect.StandardOutput.ShouldContain("+ web.a.test. 300 IN A 192.0.2.55");

            (await primary.StopAsync()).ShouldBe(0, primary.ToString());
        }

        using (DnsSuiteProcess restarted = await DnsSuiteProcess.StartAsync(primaryArgs))
        {
            (await ShortAsync(restarted, "web.a.test.")).ShouldBe("192.0.2.55");
            (await ShortAsync(restarted, "a.test.", "SOA")).Split(' ')[2].ShouldBe("11");
        }
    }

    [Test]
    public async Task TwoPrimaries_OneStartedLaterAndRestartedMidStream_ServeIdenticalZonesSerialsAndIxfr()
    {
        using KafkaMockCluster cluster = Cluster("det", changesPartitions: 3, snapshotPartitions: 2);
        using var dir = new TempDir();
        string[] kafka = ["--kafka", cluster.BootstrapServers, "--changes-topic", "det.changes", "--snapshots-topic", "det.snapshots"];
        // Small zones: snapshots are written by count while the stream runs, so the restart starts from one.
        var environment = new Dictionary<string, string>
        {
            ["DNSSUITE__ChangeLog__Snapshots__EveryRecords"] = "3",
            ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
        };
        string[] Primary(string data) => ["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine(data), .. kafka];
        var stream = new ChangeStream(["a.test.", "b.test.", "c.test.", "d.test."]);
        await using var log = new KafkaChangeLog(new KafkaChangeLogOptions { BootstrapServers = cluster.BootstrapServers, ChangesTopic = "det.changes", SnapshotsTopic = "det.snapshots" });

        await stream.CreateZonesAsync(log);
        await stream.PublishAsync(log, 24);
        using DnsSuiteProcess first = await DnsSuiteProcess.StartAsync(Primary("first"), environment);
        await stream.PublishAsync(log, 24);
        DnsSuiteProcess second = await DnsSuiteProcess.StartAsync(Primary("second"), environment);
        try
        {
            await stream.PublishAsync(log, 24);
            await WaitSerialsAsync(second, stream);
            (await second.StopAsync()).ShouldBe(0, second.ToString());
        }
        finally
        {
            second.Dispose();
        }

        await stream.PublishAsync(log, 24);
        using DnsSuiteProcess restarted = await DnsSuiteProcess.StartAsync(Primary("second"), environment);
        // Ready: the restarted primary holds these serials (from snapshots plus the tail); IXFR journals hold what follows.
        Dictionary<string, uint> sinceRestart = new(stream.Serials);
        await stream.PublishAsync(log, 24);

        await WaitSerialsAsync(first, stream);
        await WaitSerialsAsync(restarted, stream);
        foreach (string zone in stream.Zones)
        {
            string axfr = await TransferAsync(first, zone, "AXFR");
            (await TransferAsync(restarted, zone, "AXFR")).ShouldBe(axfr, $"AXFR of {zone}");
            string ixfr = await TransferAsync(first, zone, $"IXFR={sinceRestart[zone]}");
            ixfr.ShouldContain($" {sinceRestart[zone]} 60 60 600 60", customMessage: $"IXFR of {zone} is served as a difference");
            (await TransferAsync(restarted, zone, $"IXFR={sinceRestart[zone]}")).ShouldBe(ixfr, $"IXFR of {zone} from {sinceRestart[zone]}");
        }
    }

    [Test]
    public async Task Primary_OnKafka_ZoneFileAboveTheMessageLimit_IsReportedAndSkipped_ThenSeededOnceTheLimitIsRaised()
    {
        using KafkaMockCluster cluster = Cluster("large", changesPartitions: 2, snapshotPartitions: 1);
        using var dir = new TempDir();
        dir.WriteFile("zones/large.test.zone", LargeZoneFiles.Hosts(30_000, serial: 7));
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/small.test.zone", "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n"))!;
        string[] primaryArgs = ["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", dir.Combine("data"), "--zones", zones,
            "--kafka", cluster.BootstrapServers, "--changes-topic", "large.changes", "--snapshots-topic", "large.snapshots"];

        using (DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(primaryArgs))
        {
            (await ShortAsync(primary, "www.small.test.")).ShouldBe("192.0.2.10");
            primary.StandardOutput.ShouldContain($"Zone file {Path.Combine(zones, "large.test.zone")} not seeded: the change message for zone large.test. is ", customMessage: primary.ToString());
            primary.StandardOutput.ShouldContain("--kafka-property message.max.bytes=2000000");
            (await ShortAsync(primary, "host12345.large.test.")).ShouldBeEmpty();
            primary.HasExited.ShouldBeFalse("a zone file too large for Kafka is an error of that file, not of the primary");
            (await primary.StopAsync()).ShouldBe(0, primary.ToString());
        }

        using DnsSuiteProcess raised = await DnsSuiteProcess.StartAsync([.. primaryArgs, "--kafka-property", "message.max.bytes=2000000"]);
        (await ShortAsync(raised, "host12345.large.test.")).ShouldBe("192.0.2.95");
        (await ShortAsync(raised, "www.small.test.")).ShouldBe("192.0.2.10");
        raised.StandardOutput.ShouldNotContain("not seeded");
    }

    /// <summary>A mock cluster with the topics <c>PREFIX.changes</c> and <c>PREFIX.snapshots</c>.</summary>
    private static KafkaMockCluster Cluster(string prefix, int changesPartitions, int snapshotPartitions)
    {
        var cluster = new KafkaMockCluster();
        cluster.CreateTopic(prefix + ".changes", changesPartitions);
        cluster.CreateTopic(prefix + ".snapshots", snapshotPartitions);
        return cluster;
    }

    private static async Task WaitSerialsAsync(DnsSuiteProcess primary, ChangeStream stream)
    {
        foreach ((string zone, uint serial) in stream.Serials)
        {
            await Wait.UntilAsync(async () => await ShortAsync(primary, zone, "SOA") is { Length: > 0 } soa && soa.Split(' ')[2] == serial.ToString(CultureInfo.InvariantCulture), Timeout, $"{zone} at serial {serial} on {primary}");
        }
    }

    private static async Task<string> TransferAsync(DnsSuiteProcess primary, string zone, string type)
    {
        ToolResult transfer = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+noall", "+answer", "+tries=1", "+time=5", zone, type], Timeout);
        transfer.StdOut.ShouldContain("SOA", customMessage: transfer.StdOut + transfer.StdErr);
        return transfer.StdOut;
    }

    /// <summary>Single-RR changes over several zones, with deletions and rejected messages, and the serials they lead to.</summary>
    private sealed class ChangeStream(string[] zones)
    {
        private readonly Dictionary<string, HashSet<int>> _hosts = zones.ToDictionary(zone => zone, _ => new HashSet<int>(), StringComparer.Ordinal);
        private int _next;

        public string[] Zones => zones;

        public Dictionary<string, uint> Serials { get; } = zones.ToDictionary(zone => zone, _ => 1u, StringComparer.Ordinal);

        public async Task CreateZonesAsync(IChangeLog log)
        {
            foreach (string zone in zones)
            {
                await AppendAsync(log, zone, new CreateZoneOperation { Soa = "ns hostmaster 1 60 60 600 60", Ttl = 60, Ns = ["ns"], Records = ["ns A 192.0.2.1"] });
            }
        }

        public async Task PublishAsync(IChangeLog log, int count)
        {
            for (int end = _next + count; _next < end; _next++)
            {
                int i = _next;
                string zone = zones[i % zones.Length];
                HashSet<int> hosts = _hosts[zone];
                if (i % 11 == 10)
                {
                    // Invalid: rejected alike by every primary, changing nothing.
                    await log.AppendChangeAsync(zone, "{\"version\":1,\"zone\":\"oops"u8.ToArray(), CancellationToken.None);
                }
                else if (i % 5 == 4 && hosts.Count > 0)
                {
                    int gone = hosts.Min();
                    hosts.Remove(gone);
                    await AppendAsync(log, zone, new DeleteOperation { Name = $"host{gone}" });
                    Serials[zone]++;
                }
                else
                {
                    hosts.Add(i);
                    await AppendAsync(log, zone, new AddOperation { Name = $"host{i}", Ttl = 60, Type = "A", Rdata = $"10.0.{i / 256}.{i % 256}" });
                    Serials[zone]++;
                }
            }
        }

        private static Task<LogPosition> AppendAsync(IChangeLog log, string zone, ChangeOperation operation) =>
            log.AppendChangeAsync(zone, ChangeLogJson.Serialize(new ChangeMessage { Zone = zone, Operations = [operation] }), CancellationToken.None);
    }

    private static async Task<string> ShortAsync(DnsSuiteProcess primary, string name, string type = "A") =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();
}
