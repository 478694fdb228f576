using DnsSuite.Protocol;

namespace DnsSuite.Zones.Updates;

/// <summary>
/// A secondary's relay of dynamic updates to its primary (RFC 2136 §6): the pipeline hands it an UPDATE for a zone
/// it does not own, before verifying any TSIG record, since the signature is for the primary to check.
/// </summary>
public interface IUpdateForwarder
{
    /// <summary>Whether updates for <paramref name="zone"/> are forwarded from here.</summary>
    bool Forwards(DomainName zone);

    /// <summary>
    /// Sends the request octets as received to a primary of <paramref name="zone"/> and returns its response octets
    /// unchanged; null when no primary answered.
    /// </summary>
    Task<byte[]?> ForwardAsync(DomainName zone, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
