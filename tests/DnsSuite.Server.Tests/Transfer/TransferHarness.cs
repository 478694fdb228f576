using System.Diagnostics.Metrics;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Query;
using DnsSuite.Server.Transfer;
using DnsSuite.TestSupport;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests.Transfer;

/// <summary>A primary for zone <c>example.com.</c>: zone table and the request pipeline with the transfer responder; the zone's events on <paramref name="time"/>.</summary>
internal sealed class TransferHarness : IDisposable
{
    public const string Apex = "example.com.";

    public static readonly DomainName Origin = DomainName.Parse(Apex);

    public static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 40000);

    public static readonly TsigKey Key = new(DomainName.Parse("xfr-key."), TsigAlgorithm.HmacSha256, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public TransferHarness(TransferOptions? options = null, params string[] records)
        : this(TimeProvider.System, options, records)
    {
    }

    public TransferHarness(TimeProvider time, TransferOptions? options = null, params string[] records)
    {
        options ??= new TransferOptions { AllowTransfer = ["127.0.0.0/8"] };
        Zone = new Zone(ZoneVersion.Create(Origin, Records.Rrs(Apex, [.. MinimalZone, .. records])), new ZoneOptions { Journal = options.Journal, Time = time });
        Zones.AddOrReplace(Zone);
        Keys = new TsigKeyRing([Key]);
        Access = new TransferAccessPolicy(options, Keys, NullLogger<TransferAccessPolicy>.Instance);
        // As a role does when it creates a zone: its own transfer rule from the configuration.
        Zone.Policies = new ZonePolicies { Transfer = Access.For(Origin) };
        Responder = new ZoneTransferResponder(
            Zones,
            Access,
            options,
            TimeProvider.System,
            new TransferMetrics(_services.GetRequiredService<IMeterFactory>()),
            NullLogger<ZoneTransferResponder>.Instance);
        Pipeline = new RequestPipeline(
            new QueryEngine(Zones, new QueryEngineOptions()),
            NullLogger<RequestPipeline>.Instance,
            Responder,
            new NotifyResponder(Zones, TimeProvider.System, NullLogger<NotifyResponder>.Instance),
            Keys);
    }

    public static string[] MinimalZone { get; } =
    [
        "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300",
        "@ 3600 IN NS ns1",
        "ns1 3600 IN A 192.0.2.53",
    ];

    public ZoneTable Zones { get; } = new();

    public Zone Zone { get; }

    public TsigKeyRing Keys { get; }

    public TransferAccessPolicy Access { get; }

    public ZoneTransferResponder Responder { get; }

    public RequestPipeline Pipeline { get; }

    /// <summary>Commits the next version (serial + 1) with the records added and removed, as every writer does.</summary>
    public ZoneVersion Publish(IEnumerable<string> add, IEnumerable<string>? remove = null)
    {
        var transaction = new ZoneTransaction(Zone.Current);
        foreach (string line in remove ?? [])
        {
            transaction.Remove(Records.Rr(line, Apex));
        }

        foreach (string line in add)
        {
            transaction.Add(Records.Rr(line, Apex));
        }

        (ZoneVersion version, Changeset changes) = transaction.Commit(Zone.Current.Serial + 1);
        Zone.Commit(version, [changes]);
        return version;
    }

    public static Message AxfrRequest(string zone = Apex, ushort id = 4242) => Message.CreateQuery(DomainName.Parse(zone), RecordType.AXFR, id);

    public static Message IxfrRequest(uint serial, ushort id = 4343)
    {
        Message request = Message.CreateQuery(Origin, RecordType.IXFR, id);
        request.Authority.Add(Records.Rr($"@ 3600 IN SOA ns1 hostmaster {serial} 7200 900 1209600 300", Apex));
        return request;
    }

    /// <summary>Runs a request through the pipeline's slow path and returns every message sent back, as sent.</summary>
    public async Task<List<byte[]>> SendAsync(byte[] request, DnsTransport transport = DnsTransport.Tcp, IPEndPoint? remote = null, IResponseSink? sink = null)
    {
        var capture = sink as CapturingSink ?? new CapturingSink();
        await Pipeline.HandleAsync(request, sink ?? capture, new RequestContext(remote ?? Loopback, new IPEndPoint(IPAddress.Loopback, 53), transport), CancellationToken.None);
        return capture.Messages;
    }

    public async Task<List<Message>> SendAsync(Message request, DnsTransport transport = DnsTransport.Tcp, IPEndPoint? remote = null) =>
        [.. (await SendAsync(request.ToArray(), transport, remote)).Select(Parse)];

    public static Message Parse(byte[] wire)
    {
        Message.TryParse(wire, out Message? message, out string? error).ShouldBeTrue(error);
        return message;
    }

    public void Dispose()
    {
        Responder.Dispose();
        _services.Dispose();
    }
}
