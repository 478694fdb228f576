using DnsSuite.Net;
using DnsSuite.Server.Transfer;
using DnsSuite.TestSupport.Metrics;

namespace DnsSuite.Server.Tests.Transfer;

public class TransferMetricsTests
{
    private const string Transfers = "dnssuite.transfers";
    private const string Bytes = "dnssuite.transfer";
    private const string Duration = "dnssuite.transfer.duration";

    [Test]
    public async Task ServedTransfers_AreCountedByType_WithTheOctetsSentAndADuration()
    {
        using var recorder = new MeasurementRecorder(TransferMetrics.MeterName);
        using var harness = new TransferHarness();
        harness.Publish(["www 300 IN A 192.0.2.1"]);

        List<byte[]> axfr = await harness.SendAsync(TransferHarness.AxfrRequest().ToArray());
        List<byte[]> ixfr = await harness.SendAsync(TransferHarness.IxfrRequest(1).ToArray());
        List<byte[]> fallback = await harness.SendAsync(TransferHarness.IxfrRequest(0).ToArray());
        List<byte[]> upToDate = await harness.SendAsync(TransferHarness.IxfrRequest(2).ToArray());
        List<byte[]> udp = await harness.SendAsync(TransferHarness.IxfrRequest(1).ToArray(), DnsTransport.Udp);

        foreach ((string type, string outcome, List<byte[]> sent) in new[]
        {
            ("AXFR", "completed", axfr),
            ("IXFR", "completed", ixfr),
            ("IXFR-as-AXFR", "completed", fallback),
            ("SOA", "completed", upToDate),
            ("IXFR", "udp", udp),
        })
        {
            recorder.Sum(Transfers, ("type", type), ("outcome", outcome)).ShouldBe(1, $"{type} {outcome}");
        }

        recorder.Sum(Bytes, ("type", "AXFR")).ShouldBe(axfr.Sum(m => m.Length));
        recorder.Sum(Bytes, ("type", "IXFR")).ShouldBe(ixfr.Sum(m => m.Length) + udp.Sum(m => m.Length));
        recorder.Sum(Bytes, ("type", "IXFR-as-AXFR")).ShouldBe(fallback.Sum(m => m.Length));
        recorder.Sum(Bytes, ("type", "SOA")).ShouldBe(upToDate.Sum(m => m.Length));
        recorder.Of(Duration).Select(m => m.Tags["type"]).Order(StringComparer.Ordinal).ShouldBe(["AXFR", "IXFR", "IXFR", "IXFR-as-AXFR", "SOA"]);
        recorder.Of(Duration).ShouldAllBe(m => m.Value >= 0);
    }

    [Test]
    public async Task RefusedTransfers_AreCountedByResponseCode_WithoutOctetsOrDuration()
    {
        using var recorder = new MeasurementRecorder(TransferMetrics.MeterName);
        using var harness = new TransferHarness();

        await harness.SendAsync(TransferHarness.AxfrRequest("example.org.").ToArray());
        await harness.SendAsync(TransferHarness.AxfrRequest().ToArray(), DnsTransport.Udp);

        recorder.Sum(Transfers, ("type", "AXFR"), ("outcome", "NOTAUTH")).ShouldBe(1);
        recorder.Sum(Transfers, ("type", "AXFR"), ("outcome", "FORMERR")).ShouldBe(1);
        recorder.Of(Bytes).ShouldBeEmpty();
        recorder.Of(Duration).ShouldBeEmpty();
    }
}
