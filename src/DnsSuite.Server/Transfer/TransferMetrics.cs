using System.Diagnostics.Metrics;

namespace DnsSuite.Server.Transfer;

/// <summary>Counters of the zone-transfer responder (meter <c>DnsSuite.Server.Transfer</c>).</summary>
public sealed class TransferMetrics
{
    public const string MeterName = "DnsSuite.Server.Transfer";

    private readonly Counter<long> _transfers;
    private readonly Counter<long> _largeSets;

    public TransferMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _transfers = meter.CreateCounter<long>("dnssuite.transfers", description: "Zone transfer requests by type (AXFR, IXFR, IXFR-as-AXFR) and outcome");
        _largeSets = meter.CreateCounter<long>(
            "dnssuite.transfer.oversized",
            description: "RRsets with more than 100 records and names with more than 100 types in transferred versions (BIND 9.18.28+ secondaries refuse them by default)");
    }

    internal void Transfer(string type, string outcome) =>
        _transfers.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));

    internal void Oversized() => _largeSets.Add(1);
}
