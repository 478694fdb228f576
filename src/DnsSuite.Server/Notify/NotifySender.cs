using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Hosting;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DnsSuite.Server.Notify;

/// <summary>
/// Sends NOTIFY (RFC 1996) when a zone has a new version: to the zone's NS targets that have in-zone addresses and
/// to the configured also-notify targets. Per (zone, target) at most one NOTIFY is outstanding; changes arriving
/// meanwhile, or within <see cref="NotifyOptions.Delay"/>, are folded into the next one, which carries the SOA current
/// when it is sent. Unanswered NOTIFYs are retried with exponential backoff and given up after
/// <see cref="NotifyOptions.MaxAttempts"/> sends.
/// </summary>
public sealed partial class NotifySender : IAsyncDisposable
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
    private readonly ConcurrentDictionary<DomainName, IPEndPoint[]> _logAlsoNotify = new();
    private readonly ConcurrentDictionary<DomainName, DomainName> _logKeys = new();
    private readonly ConcurrentDictionary<(DomainName Zone, IPEndPoint Target), TargetState> _targets = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NotifyMetrics? _metrics;
    private long _sent;

    /// <exception cref="FormatException">A target, zone name or key in <paramref name="options"/> is invalid.</exception>
    public NotifySender(ZoneTable zones, NotifyOptions options, TsigKeyRing keys, INotifyTransport transport, TimeProvider time, ILogger<NotifySender> logger, NotifyMetrics? metrics = null)
    {
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
    }

    /// <summary>How many NOTIFY messages were sent, retries included.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Schedules a NOTIFY of the zone's current version to all its targets; cheap to call on every change.</summary>
    public void ZoneChanged(DomainName origin)
    {
        if (_stopping.IsCancellationRequested || !_zones.TryGet(origin, out Zone? zone) || !TryGetKey(zone.Origin, out _))
        {
            return;
        }

        foreach (IPEndPoint target in Targets(zone.Current))
        {
            TargetState state = _targets.GetOrAdd((zone.Origin, target), _ => new TargetState());
            lock (state.Lock)
            {
                state.Pending = true;
                state.Running ??= Task.Run(() => RunAsync(zone, target, state));
            }
        }
    }

    /// <summary>
    /// Sets a zone's further targets from its metadata in the change log (used when <see cref="NotifyOptions.AlsoNotifyFromLog"/>
    /// is on); an empty list clears them.
    /// </summary>
    public void SetLogTargets(DomainName origin, IReadOnlyList<IPEndPoint> targets)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            _logAlsoNotify.TryRemove(origin, out _);
        }
        else
        {
            _logAlsoNotify[origin] = [.. targets];
        }
    }

    /// <summary>
    /// Sets the TSIG key (by name) that signs the zone's NOTIFYs instead of <see cref="NotifyOptions.Key"/>, from its
    /// change-log metadata (<c>transfer_key</c>); null goes back to the configured key. While the keys file lacks the
    /// name, the zone's NOTIFYs are not sent (a warning per change): a secondary that requires the key would reject them anyway.
    /// </summary>
    public void SetLogKey(DomainName origin, DomainName? keyName)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (keyName is null)
        {
            _logKeys.TryRemove(origin, out _);
        }
        else
        {
            _logKeys[origin] = keyName;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (TargetState state in _targets.Values)
        {
            Task? running;
            lock (state.Lock)
            {
                running = state.Running;
            }

            if (running is not null)
            {
                await running.ConfigureAwait(false);
            }
        }

        _stopping.Dispose();
    }

    /// <summary>The zone's NOTIFY targets for <paramref name="version"/>: in-zone NS addresses (not the MNAME's), then also-notify.</summary>
    internal IEnumerable<IPEndPoint> Targets(ZoneVersion version)
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
        if (_zoneAlsoNotify.TryGetValue(version.Origin, out IPEndPoint[]? zoneTargets))
        {
            targets.AddRange(zoneTargets);
        }

        if (_options.AlsoNotifyFromLog && _logAlsoNotify.TryGetValue(version.Origin, out IPEndPoint[]? logTargets))
        {
            targets.AddRange(logTargets);
        }

        return targets.Distinct();
    }

    private async Task RunAsync(Zone zone, IPEndPoint target, TargetState state)
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            while (true)
            {
                await Task.Delay(_options.Delay, _time, stopping).ConfigureAwait(false);
                lock (state.Lock)
                {
                    state.Pending = false;
                }

                await NotifyAsync(zone.Current, target, stopping).ConfigureAwait(false);
                lock (state.Lock)
                {
                    if (!state.Pending || stopping.IsCancellationRequested)
                    {
                        state.Running = null;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            lock (state.Lock)
            {
                state.Running = null;
            }
        }
    }

    private async Task NotifyAsync(ZoneVersion version, IPEndPoint target, CancellationToken cancellationToken)
    {
        // The metadata may have changed since ZoneChanged checked it.
        if (!TryGetKey(version.Origin, out TsigKey? key))
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
            }
            else
            {
                LogRejected(version.Origin, version.Serial, target, response.ResponseCode);
                _metrics?.Rejected();
            }
        }
        catch (Exception e) when (e is TimeoutException or SocketException or IOException)
        {
            LogGaveUp(version.Origin, version.Serial, target, attempt, e.Message);
            _metrics?.Failed();
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

    /// <summary>The key that signs the zone's NOTIFYs (null: unsigned); false, logged, when its metadata names a key the keys file lacks.</summary>
    private bool TryGetKey(DomainName origin, out TsigKey? key)
    {
        if (!_logKeys.TryGetValue(origin, out DomainName? keyName))
        {
            key = _key;
            return true;
        }

        if (_keys.TryGet(keyName, out key))
        {
            return true;
        }

        LogUnknownKey(origin, keyName);
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

    private sealed class TargetState
    {
        public Lock Lock { get; } = new();

        public bool Pending { get; set; }

        public Task? Running { get; set; }
    }
}
