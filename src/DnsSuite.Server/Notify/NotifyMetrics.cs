using System.Diagnostics.Metrics;

namespace DnsSuite.Server.Notify;

/// <summary>Counters of the NOTIFY sender (meter <see cref="MeterName"/>).</summary>
public sealed class NotifyMetrics
{
    public const string MeterName = "DnsSuite.Server.Notify";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _outcomes;

    public NotifyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("dnssuite.notify.sent", description: "NOTIFY messages sent, retries included");
        _outcomes = meter.CreateCounter<long>("dnssuite.notify", description: "NOTIFY of a zone version to a target, by outcome (acknowledged, rejected, failed after every retry)");
    }

    internal void Sent() => _sent.Add(1);

    internal void Acknowledged() => Outcome("acknowledged");

    internal void Rejected() => Outcome("rejected");

    internal void Failed() => Outcome("failed");

    private void Outcome(string outcome) => _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
