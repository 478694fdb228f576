using System.Diagnostics.Metrics;

namespace DnsSuite.Server.Transfer;

/// <summary>Counters of the zone-transfer responder (meter <c>DnsSuite.Server.Transfer</c>).</summary>
public sealed class TransferMetrics
{
    public const string MeterName = "DnsSuite.Server.Transfer";

    private readonly Counter<long> _transfers;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _largeSets;

    public TransferMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _transfers = meter.CreateCounter<long>("dnssuite.transfers", description: "Zone transfer requests by type (AXFR, IXFR, IXFR-as-AXFR, SOA) and outcome (completed, udp, or the refusal's RCODE)");
        _bytes = meter.CreateCounter<long>("dnssuite.transfer", unit: "By", description: "Octets of transfer answers sent, TSIG included, by type");
        _duration = meter.CreateHistogram(
            "dnssuite.transfer.duration",
            unit: "s",
            description: "Time from a transfer request to its last message sent, by type",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });
        _largeSets = meter.CreateCounter<long>(
            "dnssuite.transfer.oversized",
            description: "RRsets with more than 100 records and names with more than 100 types in transferred versions (BIND 9.18.28+ secondaries refuse them by default)");
    }

    internal void Refused(string type, string responseCode) => Count(type, responseCode);

    /// <summary>A transfer answered in full: <paramref name="outcome"/> is <c>completed</c> (TCP) or <c>udp</c>.</summary>
    internal void Served(string type, string outcome, long bytes, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("type", type);
        Count(type, outcome);
        _bytes.Add(bytes, tag);
        _duration.Record(duration.TotalSeconds, tag);
    }

    internal void Oversized() => _largeSets.Add(1);

    private void Count(string type, string outcome) =>
        _transfers.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));
}
