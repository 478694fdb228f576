using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>
/// Where the request pipeline hands an incoming NOTIFY (RFC 1996) for the secondary role to decide on. The pipeline
/// has verified the TSIG signature when there was one; the receiver checks that the sender is a configured primary.
/// </summary>
public interface INotifyReceiver
{
    /// <summary>
    /// Whether <paramref name="zone"/> is a zone this receiver follows; for others the pipeline keeps its own answer.
    /// </summary>
    bool IsSecondaryZone(DomainName zone);

    /// <summary>
    /// Accepts or rejects a NOTIFY and schedules the zone's SOA check when accepted. Returns the RCODE to answer:
    /// NoError (answered with AA), Refused for a sender that is not a primary of the zone (or lacks its key),
    /// NotAuth for a zone not followed here.
    /// </summary>
    /// <param name="serial">The serial of the SOA in the NOTIFY's answer section, when present (RFC 1996 §3.7: a hint only).</param>
    /// <param name="tsigKey">The name of the key that signed the NOTIFY, verified by the pipeline; null when unsigned.</param>
    ValueTask<ResponseCode> OnNotifyAsync(DomainName zone, IPEndPoint from, uint? serial, DomainName? tsigKey, CancellationToken cancellationToken);
}
