using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Cli.Probe;

/// <summary>What one server served for one zone at the end of a probe round.</summary>
/// <param name="HeartbeatAge">Seconds between the heartbeat it serves and the end of the round; null when it serves none or did not answer.</param>
/// <param name="Serial">Its SOA serial; null when it did not answer.</param>
/// <param name="SerialLag">How far its serial is behind the newest serial any probed server serves (RFC 1982 distance).</param>
/// <param name="Error">Why it could not be asked, or null.</param>
internal sealed record ProbeObservation(IPEndPoint Server, DomainName Zone, double? HeartbeatAge, uint? Serial, long? SerialLag, string? Error)
{
    public bool IsFresh(TimeSpan maxAge) => HeartbeatAge is { } age && age <= maxAge.TotalSeconds;

    public string Describe(TimeSpan maxAge) =>
        $"server {Server} zone {Zone} heartbeat-age {(HeartbeatAge is { } age ? $"{age:0.000}s" : "none")} serial {Serial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} serial-lag {SerialLag?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {(IsFresh(maxAge) ? "fresh" : "STALE")}{(Error is null ? "" : $" ({Error})")}";
}
