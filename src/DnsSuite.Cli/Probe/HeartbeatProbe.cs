using System.Globalization;
using System.Net;
using System.Text;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Cli.Probe;

/// <summary>
/// End-to-end freshness: each round writes a heartbeat TXT (<c>_dnssuite-probe.ZONE TXT "UNIX-TIME"</c>, seconds with
/// milliseconds) into every zone through the change log, then asks every server until it serves that heartbeat or the
/// round ends, and reports per server and zone the age of the heartbeat it serves and how far its SOA serial lags.
/// </summary>
internal sealed partial class HeartbeatProbe(IChangeLog log, DnsClient client, ProbeOptions options, ProbeMetrics metrics, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>One round; it lasts at most <paramref name="roundTime"/> after the heartbeats are written.</summary>
    public async Task<IReadOnlyList<ProbeObservation>> RunRoundAsync(TimeSpan roundTime, CancellationToken cancellationToken)
    {
        DateTimeOffset published = time.GetUtcNow();
        double stamp = Math.Round(published.ToUnixTimeMilliseconds() / 1000.0, 3);
        foreach (DomainName zone in options.Zones)
        {
            await PublishAsync(zone, stamp, cancellationToken).ConfigureAwait(false);
        }

        var served = new Dictionary<(IPEndPoint Server, DomainName Zone), (double? Stamp, DateTimeOffset At, string? Error)>();
        DateTimeOffset deadline = published + roundTime;
        while (true)
        {
            foreach (IPEndPoint server in options.Servers)
            {
                foreach (DomainName zone in options.Zones)
                {
                    if (!served.TryGetValue((server, zone), out var seen) || seen.Stamp is null || seen.Stamp < stamp)
                    {
                        (double? heartbeat, string? error) = await HeartbeatAsync(server, zone, cancellationToken).ConfigureAwait(false);
                        served[(server, zone)] = (heartbeat, time.GetUtcNow(), error);
                    }
                }
            }

            if (served.Values.All(s => s.Stamp >= stamp) || time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        var observations = new List<ProbeObservation>();
        foreach (DomainName zone in options.Zones)
        {
            var serials = new Dictionary<IPEndPoint, (uint? Serial, string? Error)>();
            foreach (IPEndPoint server in options.Servers)
            {
                serials[server] = await SerialAsync(server, zone, cancellationToken).ConfigureAwait(false);
            }

            uint? newest = Newest(serials.Values.Select(s => s.Serial));
            foreach (IPEndPoint server in options.Servers)
            {
                (double? heartbeat, DateTimeOffset at, string? error) = served[(server, zone)];
                (uint? serial, string? serialError) = serials[server];
                double? age = heartbeat is { } h ? Math.Max(0, Math.Round((at.ToUnixTimeMilliseconds() / 1000.0) - h, 3)) : null;
                long? lag = serial is { } s && newest is { } n ? unchecked((uint)(n - s)) : null;
                observations.Add(new ProbeObservation(server, zone, age, serial, lag, error ?? serialError));
            }
        }

        metrics.RoundCompleted(observations);
        return observations;
    }

    /// <summary>The serial no other serial is newer than (RFC 1982 §3.2); serials that cannot be compared keep the first.</summary>
    private static uint? Newest(IEnumerable<uint?> serials)
    {
        uint? newest = null;
        foreach (uint serial in serials.OfType<uint>())
        {
            if (newest is null || new SerialNumber(serial).CompareTo(new SerialNumber(newest.Value)) == SerialComparison.Greater)
            {
                newest = serial;
            }
        }

        return newest;
    }

    private async Task PublishAsync(DomainName zone, double stamp, CancellationToken cancellationToken)
    {
        var message = new ChangeMessage
        {
            Zone = zone.ToString(),
            Operations = [new SetOperation { Name = options.Label, Ttl = 60, Type = "TXT", Rdata = [$"\"{stamp.ToString("0.000", CultureInfo.InvariantCulture)}\""] }],
            Source = $"dnssuite probe ({Environment.MachineName})",
        };
        try
        {
            await log.AppendChangeAsync(ChangeApplier.KeyOf(zone), ChangeLogJson.Serialize(message), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.PublishFailed();
            LogPublishFailed(zone, e.Message);
        }
    }

    private async Task<(double? Stamp, string? Error)> HeartbeatAsync(IPEndPoint server, DomainName zone, CancellationToken cancellationToken)
    {
        DomainName owner = DomainName.Parse($"{options.Label}.{zone}");
        try
        {
            Message response = await client.QueryAsync(server, Message.CreateQuery(owner, RecordType.TXT, (ushort)Random.Shared.Next(ushort.MaxValue)), DnsTransport.Udp, options.QueryTimeout, cancellationToken).ConfigureAwait(false);
            double? newest = null;
            foreach (ResourceRecord record in response.Answers)
            {
                if (record.Name == owner && record.Data is TxtRdata { Strings.Count: > 0 } txt
                    && double.TryParse(Encoding.ASCII.GetString(txt.Strings[0]), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    newest = Math.Max(newest ?? value, value);
                }
            }

            return (newest, newest is null ? $"no heartbeat ({response.ResponseCode})" : null);
        }
        catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return (null, e.Message);
        }
    }

    private async Task<(uint? Serial, string? Error)> SerialAsync(IPEndPoint server, DomainName zone, CancellationToken cancellationToken)
    {
        try
        {
            Message response = await client.QueryAsync(server, Message.CreateQuery(zone, RecordType.SOA, (ushort)Random.Shared.Next(ushort.MaxValue)), DnsTransport.Udp, options.QueryTimeout, cancellationToken).ConfigureAwait(false);
            return response.Answers.Select(r => r.Data).OfType<SoaRdata>().FirstOrDefault() is { } soa ? (soa.Serial, null) : (null, $"no SOA ({response.ResponseCode})");
        }
        catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return (null, e.Message);
        }
    }

    [LoggerMessage(EventId = 950, Level = LogLevel.Warning, Message = "Heartbeat for zone {Zone} not written to the change log: {Error}")]
    private partial void LogPublishFailed(DomainName zone, string error);
}
