using System.Diagnostics.Metrics;
using DnsSuite.Zones;

namespace DnsSuite.Observability.Metrics;

/// <summary>Per-zone gauges read from the <see cref="ZoneTable"/> when collected (meter <see cref="MeterName"/>).</summary>
public sealed class ZoneMetrics
{
    public const string MeterName = "DnsSuite.Zones";

    public ZoneMetrics(IMeterFactory meterFactory, ZoneTable table)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(table);
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("dnssuite.zone.serial", () => Observe(table, zone => zone.Current.Serial), description: "SOA serial of the served version, per zone");
        meter.CreateObservableGauge("dnssuite.zone.records", () => Observe(table, zone => zone.Current.RecordCount), description: "Records in the served version, per zone");
        meter.CreateObservableGauge("dnssuite.zone.expired", () => Observe(table, zone => zone.IsExpired ? 1 : 0), description: "1 when the zone is expired (a secondary that reached no primary within SOA expire) and answers SERVFAIL");
        meter.CreateObservableGauge("dnssuite.zones", () => table.Zones.Count, description: "Zones served");
    }

    private static IEnumerable<Measurement<long>> Observe(ZoneTable table, Func<Zone, long> value) =>
        table.Zones.Select(zone => new Measurement<long>(value(zone), new KeyValuePair<string, object?>("zone", zone.Origin.ToString())));
}
