using System.Diagnostics.Metrics;

namespace DnsSuite.Secondary;

/// <summary>Refresh outcomes and expiries of the secondary's zones (meter <see cref="MeterName"/>).</summary>
public sealed class SecondaryMetrics
{
    public const string MeterName = "DnsSuite.Secondary";

    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _expiries;

    public SecondaryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _refreshes = meter.CreateCounter<long>(
            "dnssuite.secondary.refreshes",
            description: "Refreshes of secondary zones by result: ixfr, axfr (a new version installed), up_to_date, failed (no primary reached)");
        _expiries = meter.CreateCounter<long>("dnssuite.secondary.expiries", description: "Secondary zones that expired (no primary reached within SOA expire) and answer SERVFAIL");
    }

    internal void Refreshed(string result) => _refreshes.Add(1, new KeyValuePair<string, object?>("result", result));

    internal void Expired() => _expiries.Add(1);
}
