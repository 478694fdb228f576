using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Zones.Updates;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>
/// Relays UPDATE messages for the secondary zones configured to forward them (<see cref="SecondaryOptions.ForwardUpdates"/>)
/// to their primaries, in the configured order, over TCP (RFC 2136 §6). The octets go as received, TSIG record and all,
/// so the primary verifies the client's signature and signs its answer for the client, which is relayed unchanged.
/// </summary>
public sealed partial class UpdateForwarder : IUpdateForwarder
{
    private readonly Dictionary<DomainName, IReadOnlyList<PrimaryServer>> _primaries = [];
    private readonly DnsClient _client;
    private readonly TimeSpan _timeout;
    private readonly ILogger<UpdateForwarder> _logger;

    public UpdateForwarder(IReadOnlyList<SecondaryZoneSettings> zones, SecondaryOptions options, DnsClient client, ILogger<UpdateForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _timeout = options.TransferTimeout;
        _logger = logger;
        foreach (SecondaryZoneSettings zone in zones)
        {
            SecondaryZoneOptions? own = options.Zones.Find(entry => Names(entry, zone.Origin));
            if (own?.ForwardUpdates ?? options.ForwardUpdates)
            {
                _primaries[zone.Origin] = zone.Primaries;
            }
        }
    }

    public bool Forwards(DomainName zone) => _primaries.ContainsKey(zone);

    public async Task<byte[]?> ForwardAsync(DomainName zone, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (!_primaries.TryGetValue(zone, out IReadOnlyList<PrimaryServer>? primaries))
        {
            return null;
        }

        foreach (PrimaryServer primary in primaries)
        {
            try
            {
                ReceivedMessage answer = await _client.ExchangeAsync(primary.EndPoint, request, DnsTransport.Tcp, _timeout, cancellationToken).ConfigureAwait(false);
                return answer.Wire;
            }
            catch (Exception e) when (e is TimeoutException or SocketException or IOException)
            {
                LogForwardFailed(zone, primary, e.Message);
            }
        }

        return null;
    }

    private static bool Names(SecondaryZoneOptions entry, DomainName origin) =>
        entry.Name is { } name && DomainName.TryParse(name.EndsWith('.') ? name : name + ".", null, out DomainName? parsed, out _) && parsed == origin;

    [LoggerMessage(EventId = 550, Level = LogLevel.Warning, Message = "UPDATE of {Zone} not forwarded to {Primary}: {Error}")]
    private partial void LogForwardFailed(DomainName zone, PrimaryServer primary, string error);
}
