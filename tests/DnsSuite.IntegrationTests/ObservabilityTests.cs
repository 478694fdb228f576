using System.Globalization;
using System.Net;
using System.Text.Json;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Metrics;

namespace DnsSuite.IntegrationTests;

/// <summary>The HTTP endpoint of real primary and secondary processes: /metrics, /healthz, /readyz, /zones.</summary>
public sealed class ObservabilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = Timeout };

    [Test]
    public async Task Primary_Metrics_CountQueriesByRcodeAndType_AndGaugeEveryZone()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await StartPrimaryAsync(data.Path);
        var client = new DnsClient();
        await client.QueryAsync(primary.UdpEndPoint, Message.CreateQuery(DomainName.Parse("example.com."), RecordType.SOA, id: 1), DnsTransport.Udp, Timeout, CancellationToken.None);
        await client.QueryAsync(primary.TcpEndPoint, Message.CreateQuery(DomainName.Parse("example.com."), RecordType.SOA, id: 2), DnsTransport.Tcp, Timeout, CancellationToken.None);
        await client.QueryAsync(primary.UdpEndPoint, Message.CreateQuery(DomainName.Parse("nothing-here.example.com."), RecordType.AAAA, id: 3), DnsTransport.Udp, Timeout, CancellationToken.None);

        HttpResponseMessage response = await Http.GetAsync(Url(primary, "/metrics"));
        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NOERROR"), ("qtype", "SOA")).ShouldBe(2);
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NXDOMAIN"), ("qtype", "AAAA")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_count").ShouldBe(3);
        PrometheusText.Value(samples, "dnssuite_zone_serial", ("zone", "example.com.")).ShouldBe(2026112101);
        PrometheusText.Value(samples, "dnssuite_zone_records", ("zone", "example.net.")).ShouldBe(5);
        PrometheusText.Value(samples, "dnssuite_changelog_records_applied_total").ShouldBe(2, "the two sample zone files were seeded through the log");
        await Wait.UntilAsync(
            async () => PrometheusText.Value(PrometheusText.Parse(await Http.GetStringAsync(Url(primary, "/metrics"))), "dnssuite_changelog_lag", ("partition", "0")) == 0,
            Timeout,
            "the sampled change-log lag of partition 0 to be 0");
    }

    [Test]
    public async Task Primary_Metrics_CountAnAxfrWithTheOctetsSent_AndAgeEachZonesSnapshot()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await StartPrimaryAsync(data.Path, new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });
        long octets = 0;
        int soas = 0;
        byte[] axfr = Message.CreateQuery(DomainName.Parse("example.com."), RecordType.AXFR, id: 7).ToArray();
        await foreach (ReceivedMessage received in new DnsClient().StreamTcpAsync(primary.TcpEndPoint, axfr, Timeout, CancellationToken.None))
        {
            octets += received.Wire.Length;
            // RFC 5936 §2.2: the transfer ends with the second SOA.
            soas += received.Message.Answers.Count(record => record.Type == RecordType.SOA);
            if (soas == 2)
            {
                break;
            }
        }

        IReadOnlyList<PrometheusSample> samples = [];
        await Wait.UntilAsync(
            async () => PrometheusText.Value(samples = PrometheusText.Parse(await Http.GetStringAsync(Url(primary, "/metrics"))), "dnssuite_transfer_duration_seconds_count", ("type", "AXFR")) == 1,
            Timeout,
            "the AXFR's duration to be recorded");

        PrometheusText.Value(samples, "dnssuite_transfers_total", ("type", "AXFR"), ("outcome", "completed")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_transfer_bytes_total", ("type", "AXFR")).ShouldBe(octets);
        samples.Where(sample => sample.Name == "dnssuite_changelog_snapshot_age_seconds").Select(sample => sample.Labels["zone"]).Order(StringComparer.Ordinal).ToArray()
            .ShouldBe(new[] { "example.com.", "example.net." }, "every zone served has a snapshot age");
    }

    [Test]
    public async Task Primary_HealthReadinessAndZones_DescribeTheSampleZones()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await StartPrimaryAsync(data.Path);

        HttpResponseMessage healthz = await Http.GetAsync(Url(primary, "/healthz"));
        HttpResponseMessage readyz = await Http.GetAsync(Url(primary, "/readyz"));
        JsonElement[] zones = await ZonesAsync(primary);

        healthz.StatusCode.ShouldBe(HttpStatusCode.OK);
        readyz.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await readyz.Content.ReadAsStringAsync()).ShouldBe("ready: serving 2 zones\n");
        zones.Select(z => (z.GetProperty("zone").GetString(), z.GetProperty("serial").GetUInt32(), z.GetProperty("status").GetString(), z.GetProperty("role").GetString()))
            .ShouldBe([("example.com.", 2026112101u, "serving", "primary"), ("example.net.", 1u, "serving", "primary")]);
    }

    [Test]
    public async Task Secondary_BecomesReadyOnceItsZoneIsTransferred_AndListsItWithThePrimarySerial()
    {
        using TempDir primaryData = new();
        using TempDir secondaryData = new();
        using DnsSuiteProcess primary = await StartPrimaryAsync(primaryData.Path, new Dictionary<string, string> { ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1" });
        string primaryAddress = primary.TcpEndPoint.ToString();
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", secondaryData.Path, "--zone", $"example.com.@{primaryAddress}", "--zone", $"example.net.@{primaryAddress}"]);

        await Wait.UntilAsync(async () => (await Http.GetAsync(Url(secondary, "/readyz"))).StatusCode == HttpStatusCode.OK, Timeout, "the secondary's /readyz to answer 200");
        JsonElement[] zones = await ZonesAsync(secondary);
        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(await Http.GetStringAsync(Url(secondary, "/metrics")));

        zones.Select(z => (z.GetProperty("zone").GetString(), z.GetProperty("serial").GetUInt32(), z.GetProperty("role").GetString()))
            .ShouldBe([("example.com.", 2026112101u, "secondary"), ("example.net.", 1u, "secondary")]);
        PrometheusText.Value(samples, "dnssuite_zone_expired", ("zone", "example.com.")).ShouldBe(0);
        PrometheusText.Value(samples, "dnssuite_zone_serial", ("zone", "example.net.")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_secondary_refreshes_total", ("result", "axfr")).ShouldBe(2, "each zone's first copy comes by AXFR");
    }

    [Test]
    public async Task Secondary_WhosePrimaryIsUnreachable_IsNotReady_AndSaysWhichZone()
    {
        using TempDir data = new();
        int closedPort = FreePort.Next();
        using DnsSuiteProcess secondary = await DnsSuiteProcess.StartAsync(
            ["secondary", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", data.Path, "--zone", $"example.com.@127.0.0.1:{closedPort.ToString(CultureInfo.InvariantCulture)}"]);

        HttpResponseMessage readyz = await Http.GetAsync(Url(secondary, "/readyz"));

        readyz.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await readyz.Content.ReadAsStringAsync()).ShouldBe("not ready: zone example.com. not loaded yet\n");
        await Wait.UntilAsync(
            async () => PrometheusText.Value(PrometheusText.Parse(await Http.GetStringAsync(Url(secondary, "/metrics"))), "dnssuite_secondary_refreshes_total", ("result", "failed")) >= 1,
            Timeout,
            "a failed refresh to be counted");
    }

    [Test]
    public async Task Http_Off_WritesNoEndpointInTheReadyFile()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--data", data.Path, "--http", "off"]);

        primary.HttpEndPoint.ShouldBeNull();
        (await File.ReadAllTextAsync(primary.ReadyFile)).ShouldNotContain("http");
    }

    [Test]
    public async Task Http_InvalidAddress_IsOneLineConfigurationError()
    {
        using TempDir data = new();

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(["primary", "--listen", "127.0.0.1:0", "--data", data.Path, "--http", "localhost"]);

        exitCode.ShouldBe(2, stderr);
        stderr.Trim().ShouldBe("dnssuite: invalid configuration: Http:Listen must be IP:PORT or 'off'");
    }

    [Test]
    public async Task LogFormatJson_WritesOneJsonObjectPerLine()
    {
        using TempDir data = new();
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--http", "off", "--data", data.Path, "--zones", RepositoryPaths.SampleZones, "--log-format", "json"]);
        await primary.StopAsync();

        string[] lines = primary.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBeGreaterThan(3, primary.ToString());
        foreach (string line in lines)
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            entry.RootElement.GetProperty("LogLevel").GetString().ShouldNotBeNullOrEmpty();
            entry.RootElement.GetProperty("Category").GetString().ShouldStartWith("DnsSuite.");
        }

        lines.ShouldContain(line => line.Contains("\"Zone\":\"example.com.\"", StringComparison.Ordinal), "named values travel as JSON properties");
    }

    private static Task<DnsSuiteProcess> StartPrimaryAsync(string data, IReadOnlyDictionary<string, string>? environment = null) =>
        DnsSuiteProcess.StartAsync(["primary", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", data, "--zones", RepositoryPaths.SampleZones], environment);

    private static Uri Url(DnsSuiteProcess process, string path) =>
        new($"http://{process.HttpEndPoint ?? throw new InvalidOperationException($"no HTTP endpoint in the ready file; {process}")}{path}");

    private static async Task<JsonElement[]> ZonesAsync(DnsSuiteProcess process)
    {
        using JsonDocument zones = JsonDocument.Parse(await Http.GetStringAsync(Url(process, "/zones")));
        return [.. zones.RootElement.EnumerateArray().Select(z => z.Clone())];
    }
}
