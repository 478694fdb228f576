using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Observability.Metrics;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Text;
using DnsSuite.Server;
using DnsSuite.Server.Query;
using DnsSuite.Zones;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// What counting queries costs on the fast path: the request pipeline answering a prepared query in a loop, bare,
// wrapped in MeteredRequestHandler with nobody listening, and with the Prometheus exporter listening (as in a server).
// Prints nanoseconds per query for the three, alternated per round (the machine is noisy), and bytes allocated.
// With several threads each answers the same queries at the same time (as receive loops on several cores do) and the
// figure is per query of one thread: state the threads share and write (a counter, a cache line two counters share)
// shows as a higher figure than with one thread.
// Usage: DnsSuite.Bench.Metrics [queries per round] [rounds] [threads]
int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;

DomainName origin = DomainName.Parse("bench.test.");
var table = new ZoneTable();
table.AddOrReplace(new Zone(ZoneVersion.Create(origin, ZoneFileReader.Read("@ 3600 SOA ns hostmaster 1 3600 600 86400 300\n@ 3600 NS ns\nns 3600 A 192.0.2.53\nwww 300 A 192.0.2.1\n", origin))));
using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
var pipeline = new RequestPipeline(new QueryEngine(table, new QueryEngineOptions()), NullLogger<RequestPipeline>.Instance);
var metered = new MeteredRequestHandler(pipeline, new QueryMetrics(services.GetRequiredService<IMeterFactory>()));
byte[] query = Message.CreateQuery(DomainName.Parse("www.bench.test."), RecordType.A, 1).ToArray();
var context = new RequestContext(new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 53), DnsTransport.Udp);

Measure(pipeline);
Measure(metered);
for (int round = 1; round <= rounds; round++)
{
    (double bare, _) = Measure(pipeline);
    (double unobserved, _) = Measure(metered);
    using var exporter = new PrometheusExporter();
    (double exported, long allocated) = Measure(metered);
    Console.WriteLine(FormattableString.Invariant(
        $"round {round}, {threads} thread(s): bare {bare:0} ns, metered {unobserved:0} ns (+{unobserved - bare:0}), metered+exporter {exported:0} ns (+{exported - bare:0}), {allocated} bytes allocated in {count} metered queries"));
}

(double Nanoseconds, long Allocated) Measure(IDnsRequestHandler handler)
{
    using var start = new Barrier(threads);
    var results = new (double Nanoseconds, long Allocated)[threads];
    Thread[] workers = [.. Enumerable.Range(0, threads).Select(t => new Thread(() => results[t] = Answer(handler, start)))];
    foreach (Thread worker in workers)
    {
        worker.Start();
    }

    foreach (Thread worker in workers)
    {
        worker.Join();
    }

    return (results.Average(r => r.Nanoseconds), results.Sum(r => r.Allocated));
}

(double Nanoseconds, long Allocated) Answer(IDnsRequestHandler handler, Barrier start)
{
    byte[] response = new byte[ushort.MaxValue];

    // A thread's first query allocates what it keeps (the engine's compression table, the metrics' counts).
    handler.TryHandle(query, response, context);
    start.SignalAndWait();
    long before = GC.GetAllocatedBytesForCurrentThread();
    long started = Stopwatch.GetTimestamp();
    for (int i = 0; i < count; i++)
    {
        handler.TryHandle(query, response, context);
    }

    return (Stopwatch.GetElapsedTime(started).TotalNanoseconds / count, GC.GetAllocatedBytesForCurrentThread() - before);
}
