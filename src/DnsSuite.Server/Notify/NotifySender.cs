using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Hosting;
using DnsSuite.Zones;
using DnsSuite.Zones.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DnsSuite.Server.Notify;

/// <summary>
/// Sends NOTIFY (RFC 1996) when a zone of the <see cref="ZoneTable"/> has a new version (every commit, whoever wrote
/// it): to the zone's NS targets that have in-zone addresses and to the also-notify targets, the server's and the
/// zone's own (<see cref="DnsSuite.Zones.Policies.ZonePolicies.AlsoNotify"/>). The zone's <see cref="ZoneEventKind.Notify"/>
/// event waits <see cref="NotifyOptions.Delay"/>, so a burst of changes sends one NOTIFY, which carries the SOA current
/// when it is sent. Per target at most one NOTIFY is outstanding (<see cref="Zone.Notifications"/>); a change meanwhile
/// is one more NOTIFY once it is answered. Unanswered NOTIFYs are retried with exponential backoff and given up after
/// <see cref="NotifyOptions.MaxAttempts"/> sends; each outcome goes to the zone's health.
/// </summary>
public sealed partial class NotifySender : IHostedService, IAsyncDisposable
{
    private readonly ZoneTable _zones;
    private readonly NotifyOptions _options;
    private readonly TsigKey? _key;
    private readonly TsigKeyRing _keys;
    private readonly INotifyTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger<NotifySender> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly IPEndPoint[] _alsoNotify;
    private readonly Dictionary<DomainName, IPEndPoint[]> _zoneAlsoNotify = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly NotifyMetrics? _metrics;
    private long _sent;
    private int _disposed;

    /// <exception cref="FormatException">A target, zone name or key in <paramref name="options"/> is invalid.</exception>
    public NotifySender(ZoneTable zones, NotifyOptions options, TsigKeyRing keys, INotifyTransport transport, TimeProvider time, ILogger<NotifySender> logger, NotifyMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        _zones = zones;
        _options = options;
        _keys = keys;
        _transport = transport;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _alsoNotify = ParseTargets(options.AlsoNotify, "Notify:AlsoNotify");
        foreach ((string zone, ZoneNotifyOptions settings) in options.Zones)
        {
            _zoneAlsoNotify[ParseZone(zone)] = ParseTargets(settings.AlsoNotify, $"Notify:Zones:{zone}:AlsoNotify");
        }

        if (options.Key is not null)
        {
            _key = keys.TryGet(ParseZone(options.Key), out TsigKey? key) ? key : throw new FormatException($"Notify:Key: no key '{options.Key}' in the keys file");
        }

        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TimeoutException>().Handle<SocketException>().Handle<IOException>(),
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        _retry = builder.Build();
        zones.Committed += OnCommitted;
    }

    /// <summary>How many NOTIFY messages were sent, retries included.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>
    /// The NOTIFY targets of zone <paramref name="origin"/> besides the server-wide ones, for its policies: those
    /// configured for it (<c>Notify:Zones</c>), and <paramref name="fromMetadata"/> (its change-log metadata) when
    /// <see cref="NotifyOptions.AlsoNotifyFromLog"/> allows.
    /// </summary>
    public IReadOnlyList<IPEndPoint> ZoneTargets(DomainName origin, IReadOnlyList<IPEndPoint>? fromMetadata)
    {
        IEnumerable<IPEndPoint> configured = _zoneAlsoNotify.TryGetValue(origin, out IPEndPoint[]? targets) ? targets : [];
        return [.. configured.Concat(_options.AlsoNotifyFromLog ? fromMetadata ?? [] : [])];
    }

    /// <summary>Schedules a NOTIFY of the zone's current version to all its targets; cheap to call on every change.</summary>
    public void ZoneChanged(Zone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_stopping.IsCancellationRequested || !zone.HasData || !TryGetKey(zone, out _))
        {
            return;
        }

        zone.Events.Schedule(ZoneEventKind.Notify, zone.Events.Time.GetUtcNow() + _options.Delay, _ => Send(zone));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops sending: outstanding NOTIFYs are abandoned (and waited for).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _zones.Committed -= OnCommitted;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (NotifyTarget target in _zones.All.SelectMany(zone => zone.Notifications.Targets))
        {
            Task? running;
            lock (target.Lock)
            {
                running = target.Running;
            }

            if (running is not null)
            {
                await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes this once per registration that hands it out (itself, the hosted service).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The zone's NOTIFY targets for <paramref name="version"/>: in-zone NS addresses (not the MNAME's), then also-notify.</summary>
    internal IEnumerable<IPEndPoint> Targets(Zone zone, ZoneVersion version)
    {
        var targets = new List<IPEndPoint>();
        if (_options.NotifyNameServers && version.TryGetNode(version.Origin, out ZoneNode? apex) && apex.Find(RecordType.NS) is { } nameServers)
        {
            foreach (NameRdata ns in nameServers.Cast<NameRdata>())
            {
                if (ns.Target == version.Soa.PrimaryNameServer)
                {
                    continue;
                }

                int before = targets.Count;
                if (ns.Target.IsSubdomainOf(version.Origin) && version.TryGetNode(ns.Target, out ZoneNode? host))
                {
                    targets.AddRange(host.Find(RecordType.A)?.Cast<ARdata>().Select(a => new IPEndPoint(a.Address, _options.NameServerPort)) ?? []);
                    targets.AddRange(host.Find(RecordType.AAAA)?.Cast<AaaaRdata>().Select(a => new IPEndPoint(a.Address, _options.NameServerPort)) ?? []);
                }

                if (targets.Count == before)
                {
                    LogNoAddress(version.Origin, ns.Target);
                }
            }
        }

        targets.AddRange(_alsoNotify);
        targets.AddRange(zone.Policies.AlsoNotify);
        return targets.Distinct();
    }

    private void OnCommitted(ZoneCommitted committed) => ZoneChanged(committed.Zone);

    /// <summary>The zone's NOTIFY event: a send to each target, or one more after the one outstanding. The sends run beside the zone's events.</summary>
    private Task Send(Zone zone)
    {
        if (_stopping.IsCancellationRequested || !zone.TryGetCurrent(out ZoneVersion? version))
        {
            return Task.CompletedTask;
        }

        foreach (IPEndPoint endPoint in Targets(zone, version))
        {
            NotifyTarget target = zone.Notifications[endPoint];
            lock (target.Lock)
            {
                if (target.Running is null)
                {
                    target.Running = Task.Run(() => RunAsync(zone, target));
                }
                else
                {
                    target.Pending = true;
                }
            }
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(Zone zone, NotifyTarget target)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, zone.Events.Stopping);
        try
        {
            while (true)
            {
                await NotifyAsync(zone, target.EndPoint, stopping.Token).ConfigureAwait(false);
                lock (target.Lock)
                {
                    if (!target.Pending || stopping.IsCancellationRequested)
                    {
                        target.Running = null;
                        return;
                    }

                    target.Pending = false;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            lock (target.Lock)
            {
                target.Running = null;
            }
        }
    }

    private async Task NotifyAsync(Zone zone, IPEndPoint target, CancellationToken cancellationToken)
    {
        ZoneVersion version = zone.Current;
        // The policies may have changed since ZoneChanged checked them.
        if (!TryGetKey(zone, out TsigKey? key))
        {
            _metrics?.Failed();
            return;
        }

        int attempt = 0;
        try
        {
            Message response = await _retry.ExecuteAsync(
                async token =>
                {
                    attempt++;
                    Interlocked.Increment(ref _sent);
                    _metrics?.Sent();
                    return await _transport.SendAsync(target, CreateNotify(version, key), _options.Timeout, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            if (response.ResponseCode == ResponseCode.NoError)
            {
                LogAcknowledged(version.Origin, version.Serial, target, attempt);
                _metrics?.Acknowledged();
                zone.Health.Notified(target, version.Serial, "acknowledged");
            }
            else
            {
                LogRejected(version.Origin, version.Serial, target, response.ResponseCode);
                _metrics?.Rejected();
                zone.Health.Notified(target, version.Serial, $"answered {response.ResponseCode}");
            }
        }
        catch (Exception e) when (e is TimeoutException or SocketException or IOException)
        {
            LogGaveUp(version.Origin, version.Serial, target, attempt, e.Message);
            _metrics?.Failed();
            zone.Health.Notified(target, version.Serial, $"no answer after {attempt} sends: {e.Message}");
        }
    }

    /// <summary>
    /// RFC 1996 §3.7: opcode NOTIFY, AA, the zone's SOA as question and (§3.7 "may") the new SOA in the answer;
    /// signed with <paramref name="key"/> (RFC 8945) unless null.
    /// </summary>
    internal Message CreateNotify(ZoneVersion version, TsigKey? key)
    {
        var notify = new Message
        {
            Id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1),
            OpCode = OpCode.Notify,
            Flags = HeaderFlags.AA,
        };
        notify.Questions.Add(new Question(version.Origin, RecordType.SOA));
        notify.Answers.Add(new ResourceRecord(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa));
        if (key is null)
        {
            return notify;
        }

        byte[] signed = TsigSigner.SignRequest(notify.ToArray(), key, _time.GetUtcNow(), out _);
        return Message.TryParse(signed, out Message? parsed, out string? error) ? parsed : throw new InvalidOperationException($"a signed NOTIFY does not parse: {error}");
    }

    /// <summary>The key that signs the zone's NOTIFYs (null: unsigned); false, logged, when its policies name a key the keys file lacks.</summary>
    private bool TryGetKey(Zone zone, out TsigKey? key)
    {
        if (zone.Policies.NotifyKey is not { } keyName)
        {
            key = _key;
            return true;
        }

        if (_keys.TryGet(keyName, out key))
        {
            return true;
        }

        LogUnknownKey(zone.Origin, keyName);
        zone.Health.Failed($"NOTIFY not sent: its metadata names TSIG key '{keyName}', which is not in the keys file");
        return false;
    }

    private static IPEndPoint[] ParseTargets(List<string> texts, string setting) =>
        [.. texts.Select(text => ServerOptions.TryParseEndPoint(text, out IPEndPoint? endPoint) ? endPoint : throw new FormatException($"{setting}: '{text}' is not IP:PORT"))];

    private static DomainName ParseZone(string text) =>
        DomainName.TryParse(text, DomainName.Root, out DomainName? name, out string? error) ? name : throw new FormatException($"'{text}' is not a domain name: {error}");

    [LoggerMessage(EventId = 225, Level = LogLevel.Debug, Message = "NOTIFY for {Zone}: NS {Target} has no address in the zone; not notified")]
    private partial void LogNoAddress(DomainName zone, DomainName target);

    [LoggerMessage(EventId = 226, Level = LogLevel.Debug, Message = "NOTIFY for {Zone} serial {Serial} acknowledged by {Target} after {Attempts} sends")]
    private partial void LogAcknowledged(DomainName zone, uint serial, IPEndPoint target, int attempts);

    [LoggerMessage(EventId = 227, Level = LogLevel.Warning, Message = "NOTIFY for {Zone} serial {Serial} answered {ResponseCode} by {Target}")]
    private partial void LogRejected(DomainName zone, uint serial, IPEndPoint target, ResponseCode responseCode);

    [LoggerMessage(EventId = 228, Level = LogLevel.Warning, Message = "NOTIFY for {Zone} serial {Serial} to {Target}: no answer after {Attempts} sends, giving up ({Reason})")]
    private partial void LogGaveUp(DomainName zone, uint serial, IPEndPoint target, int attempts, string reason);

    [LoggerMessage(EventId = 229, Level = LogLevel.Warning, Message = "NOTIFY for {Zone} not sent: its metadata names TSIG key '{Key}', which is not in the keys file")]
    private partial void LogUnknownKey(DomainName zone, DomainName key);
}
