using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Kafka;

namespace DnsSuite.IntegrationTests;

/// <summary>The real <c>dnssuite primary</c>, <c>publish</c> and <c>log inspect</c> on Kafka (librdkafka's mock cluster, in this process).</summary>
public sealed class PrimaryKafkaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Primary_OnKafka_SeedsPublishesRejectsAndRestartsWithTheSameSerial()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("test.changes", 3);
        cluster.CreateTopic("test.snapshots", 1);
        using var dir = new TempDir();
        string zones = Path.GetDirectoryName(dir.WriteFile("zones/a.test.zone", "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n"))!;
        string conflict = dir.WriteFile("cname.json", """{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"www","ttl":60,"type":"CNAME","rdata":"web"}]}""");
        string[] kafka = ["--kafka", cluster.BootstrapServers, "--changes-topic", "test.changes", "--snapshots-topic", "test.snapshots", "--kafka-property", "client.id=dnssuite-test"];
        string[] primaryArgs = ["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine("data"), "--zones", zones, .. kafka];

        using (DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(primaryArgs))
        {
            (await ShortAsync(primary, "www.a.test.")).ShouldBe("192.0.2.10");

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

    private static async Task<string> ShortAsync(DnsSuiteProcess primary, string name, string type = "A") =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture), "+short", "+tries=1", "+time=5", name, type], Timeout)).StdOut.Trim();
}
