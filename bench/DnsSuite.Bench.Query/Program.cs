using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Observability.Metrics;
using DnsSuite.Server;
using DnsSuite.Server.Query;
using DnsSuite.Zones;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// The query hot path without dnsperf: (1) QueryEngine.Answer called in a loop over prepared packets,
// (2) the UDP listener (batched as in the server) answering through the server's request pipeline with its query
// metrics, driven over loopback by a client in this process that allocates nothing per query. Both print CPU time
// per query and managed bytes allocated per query in the whole process (which must stay 0 on the fast path).
// The zone and query mix match bench/query/run.sh: host0..hostN A records, ~9 % NXDOMAIN.
// Usage: DnsSuite.Bench.Query [records] [queries per round] [rounds] [engine|udp|both]
//        DnsSuite.Bench.Query changes DATA_DIR ZONE RECORDS PER_SECOND SECONDS (the writes of bench/query's mixed load)
if (args.Length > 0 && args[0] == "changes")
{
    return await ChangeProducer.RunAsync(args[1..]);
}

int recordCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
int queryCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
string mode = args.Length > 3 ? args[3] : "both";

DomainName origin = DomainName.Parse("bench.test.");
var table = new ZoneTable();
table.AddOrReplace(new Zone(ZoneVersion.Create(origin, Generate(origin, recordCount))));
var engine = new QueryEngine(table, new QueryEngineOptions());

var random = new Random(1);
byte[][] queries = new byte[queryCount][];
for (int i = 0; i < queryCount; i++)
{
    DomainName name = DomainName.Parse($"host{random.Next(recordCount * 11 / 10)}.bench.test.");
    queries[i] = Message.CreateQuery(name, RecordType.A, (ushort)i).ToArray();
}

byte[] response = new byte[ushort.MaxValue];
if (mode is "engine" or "both")
{
    RunEngine();
}

if (mode is "udp" or "both")
{
    await RunUdpAsync();
}

return 0;

void RunEngine()
{
    Console.WriteLine($"QueryEngine.Answer, {recordCount:N0} records, {queryCount:N0} queries x {rounds} rounds:");
    for (int round = 0; round < 3; round++)
    {
        EngineRound();
    }

    var engineMeasure = Measure.Start();
    long answered = 0;
    for (int round = 0; round < rounds; round++)
    {
        answered += EngineRound();
    }

    Console.WriteLine($"  {engineMeasure.Report(answered)}");
}

async Task RunUdpAsync()
{
    Console.WriteLine($"UDP listener over loopback, {queryCount:N0} queries x {rounds} rounds, {Window} outstanding:");
    using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    using var exporter = new PrometheusExporter();
    var handler = new MeteredRequestHandler(
        new RequestPipeline(engine, NullLogger<RequestPipeline>.Instance), new QueryMetrics(services.GetRequiredService<IMeterFactory>()));
    await using (var listener = new UdpDnsListener(new IPEndPoint(IPAddress.Loopback, 0), handler, new DnsListenerOptions { UdpReceiveLoops = 1 }, NullLogger.Instance))
    {
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(listener.LocalEndPoint);
        client.ReceiveTimeout = 2000;
        byte[] buffer = new byte[ushort.MaxValue];
        LoopbackRound(client, buffer);
        var udpMeasure = Measure.Start();
        long received = 0;
        for (int round = 0; round < rounds; round++)
        {
            received += LoopbackRound(client, buffer);
        }

        Console.WriteLine($"  {udpMeasure.Report(received)} (client and server together; batching: {listener.IsBatching})");
    }
}

long EngineRound()
{
    long total = 0;
    foreach (byte[] query in queries)
    {
        total += engine.Answer(query, response, DnsTransport.Udp) > 0 ? 1 : 0;
    }

    return total;
}

// Keeps Window queries in flight; a lost datagram ends the round early rather than hanging it.
long LoopbackRound(Socket client, byte[] buffer)
{
    int sent = 0;
    long received = 0;
    for (; sent < Window; sent++)
    {
        client.Send(queries[sent]);
    }

    try
    {
        while (received < sent)
        {
            client.Receive(buffer);
            received++;
            if (sent < queries.Length)
            {
                client.Send(queries[sent++]);
            }
        }
    }
    catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
    {
        Console.WriteLine($"  {sent - received} datagrams lost");
    }

    return received;
}

static IEnumerable<ResourceRecord> Generate(DomainName origin, int count)
{
    yield return new ResourceRecord(origin, 3600, Rdata.Parse(RecordType.SOA, "ns1 hostmaster 1 3600 600 1209600 300", origin));
    yield return new ResourceRecord(origin, 3600, Rdata.Parse(RecordType.NS, "ns1", origin));
    yield return new ResourceRecord(origin.Prepend("ns1"), 3600, Rdata.Parse(RecordType.A, "192.0.2.1", origin));
    for (int i = 0; i < count; i++)
    {
        yield return new ResourceRecord(origin.Prepend($"host{i}"), 3600, new ARdata(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i])));
    }
}

internal static partial class Program
{
    private const int Window = 8;
}

/// <summary>CPU time (all threads of this process), wall time and managed allocations over a span of work.</summary>
internal sealed class Measure
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
    private readonly int _gen0Start = GC.CollectionCount(0);

    public static Measure Start() => new();

    public string Report(long count)
    {
        double wall = _wall.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedStart;
        return $"{count:N0} queries: {cpu * 1e6 / count:F3} us CPU/query, {count / wall:N0} queries/s wall, "
            + $"{allocated / (double)count:F2} bytes allocated/query, {GC.CollectionCount(0) - _gen0Start} gen0 GCs";
    }
}
