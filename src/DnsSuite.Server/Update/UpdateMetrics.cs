using System.Diagnostics.Metrics;
using DnsSuite.Protocol;

namespace DnsSuite.Server.Update;

/// <summary>Counters of the UPDATE responder (meter <see cref="MeterName"/>).</summary>
public sealed class UpdateMetrics
{
    public const string MeterName = "DnsSuite.Server.Update";

    private readonly Counter<long> _updates;

    public UpdateMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _updates = meterFactory.Create(MeterName).CreateCounter<long>("dnssuite.updates", description: "UPDATE requests answered, by RCODE (relayed ones by the primary's RCODE)");
    }

    internal void Answered(ResponseCode responseCode) =>
        _updates.Add(1, new KeyValuePair<string, object?>("rcode", responseCode.ToString().ToUpperInvariant()));
}
