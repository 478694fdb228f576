using System.Diagnostics.Metrics;

namespace DnsSuite.Cli.Probe;

/// <summary>The probe's instruments (meter <see cref="MeterName"/>): the last observation per server and zone.</summary>
internal sealed class ProbeMetrics
{
    public const string MeterName = "DnsSuite.Probe";

    private readonly Lock _lock = new();
    private readonly Counter<long> _rounds;
    private readonly Counter<long> _publishFailures;
    private IReadOnlyList<ProbeObservation> _last = [];

    public ProbeMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _rounds = meter.CreateCounter<long>("dnssuite.probe.rounds", description: "Probe rounds completed");
        _publishFailures = meter.CreateCounter<long>("dnssuite.probe.publish.failures", description: "Heartbeats that could not be written to the change log");
        meter.CreateObservableGauge("dnssuite.probe.heartbeat.age", () => Observe(o => o.HeartbeatAge), unit: "s", description: "Age of the heartbeat TXT each server serves, per server and zone, at the end of the last round");
        meter.CreateObservableGauge("dnssuite.probe.serial.lag", () => Observe(o => o.SerialLag), description: "How far each server's SOA serial is behind the newest one probed (RFC 1982 distance)");
        meter.CreateObservableGauge("dnssuite.probe.up", () => Observe(o => o.Serial is null ? 0 : 1), description: "1 when the server answered the last round's SOA query for the zone");
    }

    public void RoundCompleted(IReadOnlyList<ProbeObservation> observations)
    {
        lock (_lock)
        {
            _last = observations;
        }

        _rounds.Add(1);
    }

    public void PublishFailed() => _publishFailures.Add(1);

    private IEnumerable<Measurement<double>> Observe(Func<ProbeObservation, double?> value)
    {
        IReadOnlyList<ProbeObservation> last;
        lock (_lock)
        {
            last = _last;
        }

        foreach (ProbeObservation observation in last)
        {
            if (value(observation) is { } measured)
            {
                yield return new Measurement<double>(
                    measured,
                    new KeyValuePair<string, object?>("server", observation.Server.ToString()),
                    new KeyValuePair<string, object?>("zone", observation.Zone.ToString()));
            }
        }
    }
}
