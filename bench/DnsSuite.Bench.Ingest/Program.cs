using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.ChangeLog.Kafka;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.TestSupport;
using DnsSuite.KafkaMock;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;

// bench/ingest (docs/benchmarks.md): the change-log ingestion of a 1,000,000-record zone, on the embedded log and
// on the librdkafka mock cluster. Prints absolute figures (no peer has an equivalent) and the load average.
// Usage: DnsSuite.Bench.Ingest DNSSUITE_DLL [records] [tail] [kafka-tail] [samples]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: DnsSuite.Bench.Ingest DNSSUITE_DLL [records=1000000] [tail=100000] [kafka-tail=100000] [latency-samples=200]");
    return 2;
}

string dnssuiteDll = Path.GetFullPath(args[0]);
int recordCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
int tail = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
int kafkaTail = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
int samples = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200;
DomainName origin = DomainName.Parse("example.com.");
string zoneKey = ChangeApplier.KeyOf(origin);
using var work = new TempDir();
Console.WriteLine($"load average at start: {Bench.LoadAverage()}");

// 1. The zone: from zone-file text (what seeding does) and the snapshot codec (what start-up does).
string zonePath = Path.Combine(work.Path, "example.com.zone");
await File.WriteAllTextAsync(zonePath, Bench.ZoneText(origin, recordCount));
ZoneVersion zone = Bench.Time($"zone file load, {recordCount:N0} records (ZoneFile.Load)", () => ZoneFile.Load(zonePath, origin));
string text = await File.ReadAllTextAsync(zonePath);
List<ResourceRecord> parsed = Bench.Time("  of which: parse text (ZoneFileReader.Read)", () => ZoneFileReader.Read(text, origin).ToList());
Bench.Time("  of which: build the version (ZoneVersion.Create)", () => ZoneVersion.Create(origin, parsed));
parsed.Clear();
IReadOnlyList<KeyValuePair<string, byte[]>> snapshot = Bench.Time("snapshot encode (ZoneSnapshotCodec.Encode, default chunk size)", () => ZoneSnapshotCodec.Encode(zone, SerialPolicy.Increment, new LogPosition(0, 0), new SnapshotWriterOptions().MaxValueBytes));
var latest = snapshot.ToDictionary(record => record.Key, record => (byte[]?)record.Value, StringComparer.Ordinal);
ChangeLogJson.TryParseSnapshot(latest[zoneKey], out ZoneSnapshot? manifest, out _);
Bench.Time($"snapshot decode (ZoneSnapshotCodec.TryDecode, {snapshot.Count - 1} chunks)", () => ZoneSnapshotCodec.TryDecode(manifest!, latest, out _, out _));
latest.Clear();
snapshot = [];

// In memory, no log: what decoding and applying single-RR messages to the zone costs (the profile of the hot path).
Bench.Breakdown("in memory", zone, [.. Enumerable.Range(0, tail).Select(i => new LogRecord(zoneKey, Bench.SingleAdd(origin, "m", i), new LogPosition(0, i + 1), DateTimeOffset.UnixEpoch))]);
// The other single-RR change, and the usual one in dynamic DNS: a name that exists gets a new address.
Bench.Breakdown("in memory, SET of existing names", zone, [.. Enumerable.Range(0, tail).Select(i => new LogRecord(zoneKey, Bench.SingleSet(origin, recordCount, i), new LogPosition(0, i + 1), DateTimeOffset.UnixEpoch))]);
if (Environment.GetEnvironmentVariable("INGEST_BENCH_PROFILE_ONLY") is "1")
{
    return 0;
}

// 2. The embedded log, in process (the real ChangeLogIngestor and ZoneMaterializer), then 3. a real `dnssuite primary`
// on that log: start-up from the snapshot plus the tail, then changes under query load. INGEST_BENCH_SKIP_EMBEDDED=1 skips both.
if (Environment.GetEnvironmentVariable("INGEST_BENCH_SKIP_EMBEDDED") is not "1")
{
    await Bench.EmbeddedAsync(dnssuiteDll, Path.Combine(work.Path, "data"), origin, recordCount, tail, samples);
}

// 4. The librdkafka mock cluster. It keeps about 5 MiB per partition, so the 1M-record zone reaches it as a chunked
// snapshot spread over 64 snapshot partitions (as a primary would have written it); the tail fits as lz4 batches.
KafkaNativeLibrary.EnsureLoaded();
Console.WriteLine($"kafka: Confluent.Kafka {typeof(Confluent.Kafka.Library).Assembly.GetName().Version}, librdkafka {Confluent.Kafka.Library.VersionString}");
using var cluster = new KafkaMockCluster();
cluster.CreateTopic("dns.changes", 4);
cluster.CreateTopic("dns.snapshots", 64);
var kafkaOptions = new KafkaChangeLogOptions { BootstrapServers = cluster.BootstrapServers };
kafkaOptions.ClientProperties["compression.type"] = "lz4";
kafkaOptions.ClientProperties["linger.ms"] = "5";
await using (var log = new KafkaChangeLog(kafkaOptions))
{
    LogPosition created = await log.AppendChangeAsync(zoneKey, Bench.CreateZone(origin), CancellationToken.None);
    foreach (KeyValuePair<string, byte[]> record in ZoneSnapshotCodec.Encode(zone, SerialPolicy.Increment, created, new SnapshotWriterOptions().MaxValueBytes))
    {
        await log.WriteSnapshotAsync(record.Key, record.Value, CancellationToken.None);
    }

    Console.WriteLine($"kafka: {await Bench.AppendAllAsync(log, zoneKey, Bench.SingleAdds(origin, "t", kafkaTail))}");
    await Bench.IdleAsync(log, "kafka");
    // The embedded tail runs code that the steps before it compiled; this gives the Kafka tail the same start.
    await Bench.WarmUpAsync(cluster, kafkaOptions);
    await Bench.StartUpAsync(log, "kafka", kafkaTail, breakdown: false);
    // The mock broker answers a fetch that finds nothing new only after fetch.wait.max.ms (500 ms by default), where a
    // real broker answers as soon as a record arrives; a short wait makes the mock behave alike (docs/benchmarks.md).
    string fetchWait = Environment.GetEnvironmentVariable("INGEST_BENCH_FETCH_WAIT_MS") ?? "10";
    await Bench.ServeAsync(dnssuiteDll, ["--kafka", cluster.BootstrapServers, "--kafka-property", "compression.type=lz4", "--kafka-property", $"fetch.wait.max.ms={fetchWait}"], log, origin, $"kafka (fetch.wait.max.ms={fetchWait})", kafkaTail, samples);
}

Console.WriteLine($"load average at end: {Bench.LoadAverage()}");
return 0;

internal static class Bench
{
    private const int AppendWindow = 4096;
    private const int StagedRun = 1000;
    private const int WarmUpMessages = 20_000;

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static async Task EmbeddedAsync(string dll, string data, DomainName origin, int recordCount, int tail, int samples)
    {
        string zoneKey = ChangeApplier.KeyOf(origin);
        await using (EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = data }))
        {
            await log.AppendChangeAsync(zoneKey, CreateZone(origin), CancellationToken.None);
            await AppendAllAsync(log, zoneKey, ZoneBatches(origin, recordCount, 2000));
            await MaterializeAndSnapshotAsync(log, "embedded");
            Console.WriteLine($"embedded: {await AppendAllAsync(log, zoneKey, SingleAdds(origin, "t", tail))}");
            await StartUpAsync(log, "embedded", tail, breakdown: true);
        }

        await using (EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = data }))
        {
            await ServeAsync(dll, ["--data", data], log, origin, "embedded", tail, samples);
            await SnapshotStallAsync(dll, data, log, origin, "embedded");
        }
    }

    /// <summary>What an open, idle log costs the process (Confluent.Kafka 1.9.3's dependent admin client once cost a core).</summary>
    public static async Task IdleAsync(IChangeLog log, string name)
    {
        await log.GetChangeOffsetsAsync(CancellationToken.None);
        long allocated = GC.GetTotalAllocatedBytes();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Console.WriteLine($"{name}: idle, log open: {(GC.GetTotalAllocatedBytes() - allocated) / window.Elapsed.TotalSeconds / 1e6:F1} MB/s allocated, "
            + $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu) / window.Elapsed:F2} cores busy (the mock broker included)");
    }

    /// <summary>Ingests 20,000 messages into a small zone on topics of their own, so that the JIT has tiered the code up.</summary>
    public static async Task WarmUpAsync(KafkaMockCluster cluster, KafkaChangeLogOptions template)
    {
        var options = new KafkaChangeLogOptions
        {
            BootstrapServers = template.BootstrapServers,
            ChangesTopic = "warmup.changes",
            SnapshotsTopic = "warmup.snapshots",
        };
        foreach ((string key, string value) in template.ClientProperties)
        {
            options.ClientProperties[key] = value;
        }

        cluster.CreateTopic(options.ChangesTopic, 1);
        cluster.CreateTopic(options.SnapshotsTopic, 1);
        DomainName origin = DomainName.Parse("warmup.example.");
        await using var log = new KafkaChangeLog(options);
        await log.AppendChangeAsync(ChangeApplier.KeyOf(origin), CreateZone(origin), CancellationToken.None);
        await AppendAllAsync(log, ChangeApplier.KeyOf(origin), SingleAdds(origin, "w", WarmUpMessages));
        var ingestor = new ChangeLogIngestor(log, new ZoneMaterializer(new ZoneTable(), log.Description));
        using var stop = new CancellationTokenSource();
        Task run = ingestor.RunAsync(stop.Token);
        await Task.WhenAny(ingestor.Ready, run);
        await stop.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public static T Time<T>(string what, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        T result = action();
        Console.WriteLine($"{what}: {stopwatch.Elapsed.TotalSeconds:F2} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU");
        return result;
    }

    public static string ZoneText(DomainName origin, int count)
    {
        var text = new StringBuilder(count * 40);
        text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {origin}\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\n");
        for (int i = 0; i < count - 3; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"host{i} A {Address(i)}\n");
        }

        return text.ToString();
    }

    public static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");

    public static byte[] CreateZone(DomainName origin) => ChangeLogJson.Serialize(new ChangeMessage
    {
        Zone = origin.ToString(),
        Operations = [new CreateZoneOperation { Soa = "ns1 hostmaster 1 3600 600 86400 300", Ttl = 300, Ns = ["ns1"], Records = ["ns1 A 127.0.0.1"] }],
    });

    public static IEnumerable<byte[]> ZoneBatches(DomainName origin, int count, int perMessage)
    {
        for (int start = 0; start < count - 3; start += perMessage)
        {
            int end = Math.Min(count - 3, start + perMessage);
            yield return ChangeLogJson.Serialize(new ChangeMessage
            {
                Zone = origin.ToString(),
                Operations = [.. Enumerable.Range(start, end - start).Select(i => new AddOperation { Name = $"host{i}", Ttl = 300, Type = "A", Rdata = Address(i) })],
            });
        }
    }

    public static IEnumerable<byte[]> SingleAdds(DomainName origin, string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return SingleAdd(origin, prefix, i);
        }
    }

    public static byte[] SingleAdd(DomainName origin, string prefix, int i) => ChangeLogJson.Serialize(new ChangeMessage
    {
        Zone = origin.ToString(),
        Operations = [new AddOperation { Name = $"{prefix}{i}", Ttl = 300, Type = "A", Rdata = Address(i) }],
    });

    /// <summary>A new address for one of the zone's <c>host</c> names, spread over the zone.</summary>
    public static byte[] SingleSet(DomainName origin, int recordCount, int i) => ChangeLogJson.Serialize(new ChangeMessage
    {
        Zone = origin.ToString(),
        Operations = [new SetOperation { Name = $"host{(long)i * 7919 % (recordCount - 3)}", Ttl = 300, Type = "A", Rdata = [Address(i + 1)] }],
    });

    /// <summary>Appends with up to <see cref="AppendWindow"/> appends in flight; returns a line with the append rate.</summary>
    public static async Task<string> AppendAllAsync(IChangeLog log, string key, IEnumerable<byte[]> values)
    {
        var stopwatch = Stopwatch.StartNew();
        var inFlight = new List<Task<LogPosition>>(AppendWindow);
        int count = 0;
        foreach (byte[] value in values)
        {
            inFlight.Add(log.AppendChangeAsync(key, value, CancellationToken.None));
            count++;
            if (inFlight.Count == AppendWindow)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        return $"appended {count:N0} messages in {stopwatch.Elapsed.TotalSeconds:F2} s ({count / stopwatch.Elapsed.TotalSeconds:N0} messages/s)";
    }

    /// <summary>Builds the zone from the log as a primary would and writes its snapshot.</summary>
    public static async Task MaterializeAndSnapshotAsync(IChangeLog log, string name)
    {
        var materializer = new ZoneMaterializer(new ZoneTable(), log.Description);
        var writer = new SnapshotWriter(log, materializer, new SnapshotWriterOptions { EveryRecords = int.MaxValue, EveryInterval = TimeSpan.FromDays(1) });
        var ingestor = new ChangeLogIngestor(log, materializer, writer);
        using var stop = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        Task run = ingestor.RunAsync(stop.Token);
        await Task.WhenAny(ingestor.Ready, run);
        Console.WriteLine($"{name}: zone built from the log ({materializer.Zones.Sum(z => z.Version.RecordCount):N0} records) in {stopwatch.Elapsed.TotalSeconds:F2} s");
        await stop.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
        stopwatch.Restart();
        await writer.WriteAllAsync(CancellationToken.None);
        Console.WriteLine($"{name}: snapshot written in {stopwatch.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>
    /// A fresh ingestor on the log: snapshot load, then the tail of single-RR changes to ready. The tail's rate is
    /// the in-process ingestion rate; with <paramref name="breakdown"/>, the same records are applied again in a
    /// loop that times decode, apply and publish separately.
    /// </summary>
    public static async Task StartUpAsync(IChangeLog log, string name, int tailCount, bool breakdown)
    {
        GC.Collect();
        var materializer = new ZoneMaterializer(new ZoneTable(), log.Description);
        var stopwatch = Stopwatch.StartNew();
        TimeSpan loadedAt = TimeSpan.Zero;
        TimeSpan cpuAtLoad = TimeSpan.Zero;
        Dictionary<int, (string Name, long Ticks, long Waits)> threadsAtLoad = [];
        AllocationSampler? tailSampler = null;
        TimeSpan pausesAtLoad = TimeSpan.Zero;
        long allocatedAtLoad = 0;
        ZoneVersion? loaded = null;
        int runs = 0;
        ZoneVersion? lastPublished = null;
        materializer.ZoneChanged += zoneEvent =>
        {
            // The changes of a run are raised together, each with the version published at the end of the run.
            if (zoneEvent.Kind == ZoneChangeKind.Changed && !ReferenceEquals(zoneEvent.Version, lastPublished))
            {
                runs++;
                lastPublished = zoneEvent.Version;
            }

            if (zoneEvent.Kind == ZoneChangeKind.Loaded)
            {
                // A full collection here settles the zone just built (its promotion to gen2 is start-up cost, counted in the
                // start-up time), so that the tail's rate is the steady ingestion rate rather than the aftermath of the load.
                GC.Collect();
                pausesAtLoad = GC.GetTotalPauseDuration();
                allocatedAtLoad = GC.GetTotalAllocatedBytes();
                loadedAt = stopwatch.Elapsed;
                cpuAtLoad = Process.GetCurrentProcess().TotalProcessorTime;
                threadsAtLoad = ThreadCpu.Read();
                tailSampler = Environment.GetEnvironmentVariable("INGEST_BENCH_ALLOCATIONS") is "1" ? new AllocationSampler() : null;
                loaded = zoneEvent.Version;
            }
        };
        var ingestor = new ChangeLogIngestor(log, materializer);
        using var stop = new CancellationTokenSource();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan pauses = GC.GetTotalPauseDuration();
        Task run = ingestor.RunAsync(stop.Token);
        await Task.WhenAny(ingestor.Ready, run);
        TimeSpan ready = stopwatch.Elapsed;
        TimeSpan cpuAtReady = Process.GetCurrentProcess().TotalProcessorTime;
        Dictionary<int, (string Name, long Ticks, long Waits)> threadsAtReady = ThreadCpu.Read();
        tailSampler?.Print($"{name}: the tail", tailCount);
        tailSampler?.Dispose();
        TimeSpan tailPauses = GC.GetTotalPauseDuration() - pausesAtLoad;
        long tailAllocated = GC.GetTotalAllocatedBytes() - allocatedAtLoad;
        TimeSpan used = cpuAtReady - cpu;
        await stop.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
        TimeSpan tailTime = ready - loadedAt;
        Console.WriteLine($"{name}: start-up (in process) from the snapshot plus a {tailCount:N0}-message tail: {ready.TotalSeconds:F2} s "
            + $"(snapshot loaded at {loadedAt.TotalSeconds:F2} s, tail {tailTime.TotalSeconds:F2} s); CPU {used.TotalSeconds:F2} s; "
            + $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, pauses {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:F2} s");
        Console.WriteLine($"{name}: ingestion (ChangeLogIngestor + ZoneMaterializer, single-RR messages): {tailCount / tailTime.TotalSeconds:N0} ops/s wall, {tailCount / (cpuAtReady - cpuAtLoad).TotalSeconds:N0} ops per CPU-second "
            + $"({tailAllocated / tailCount:N0} bytes allocated and {tailPauses.TotalMicroseconds / tailCount:F2} us of GC pauses per message, all threads)");
        // librdkafka's threads (names "rdk:...") include the mock broker's; the others are .NET's: the consumer loop, the
        // ingestion, the GC. What the .NET side uses is what one core must give for the rate.
        (TimeSpan native, TimeSpan managed) = ThreadCpu.Split(threadsAtLoad, threadsAtReady);
        Console.WriteLine($"{name}: the tail was published in {runs:N0} runs ({tailCount / (double)Math.Max(runs, 1):F0} records per run on average)");
        Console.WriteLine($"{name}: tail CPU by thread name: {ThreadCpu.ByName(threadsAtLoad, threadsAtReady)}");
        Console.WriteLine($"{name}: tail CPU by thread: librdkafka and mock broker threads {native.TotalSeconds:F2} s, .NET threads {managed.TotalSeconds:F2} s "
            + $"= {managed.TotalMicroseconds / tailCount:F2} us per message = {tailCount / managed.TotalSeconds:N0} ops per CPU-second of the .NET side");
        if (breakdown && loaded is not null)
        {
            await BreakdownAsync(log, name, loaded, materializer.NextOffset(0) - tailCount, tailCount);
        }
    }

    private static async Task BreakdownAsync(IChangeLog log, string name, ZoneVersion basis, long first, int count)
    {
        var records = new List<LogRecord>(count);
        using var stop = new CancellationTokenSource();
        var read = Stopwatch.StartNew();
        try
        {
            await foreach (LogRecord record in log.ReadChangesAsync(new Dictionary<int, long> { [0] = first }, stop.Token))
            {
                records.Add(record);
                if (records.Count == count)
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Read all that was wanted.
        }

        Console.WriteLine($"{name}: read from the log alone: {read.Elapsed.TotalMicroseconds / records.Count:F2} us per message (wall)");
        Breakdown(name, basis, records);
    }

    /// <summary>
    /// Decode, apply and publish of the same messages in separate loops, each timed by this process's CPU time (the
    /// machine is shared: CPU time stays comparable when wall time does not), then all three together.
    /// </summary>
    public static void Breakdown(string name, ZoneVersion basis, IReadOnlyList<LogRecord> records)
    {
        // A first round on a few records lets the JIT finish its tiers, whose compiling would count as CPU time.
        BreakdownRound(name, basis, [.. records.Take(Math.Min(records.Count, 20_000))], print: false);
        BreakdownRound(name, basis, records, print: true);
    }

    private static void BreakdownRound(string name, ZoneVersion basis, IReadOnlyList<LogRecord> records, bool print)
    {
        // The decoding loops keep nothing, as the ingestor keeps nothing: retained results would make the GC copy them all.
        Cost json = Measure(() =>
        {
            foreach (LogRecord record in records)
            {
                ChangeLogJson.TryParseChange(record.Value, out _, out _, out _);
            }
        });
        Cost decode = Measure(() =>
        {
            foreach (LogRecord record in records)
            {
                ChangeApplier.TryDecode(record.Key, record.Value, out _, out _);
            }
        });
        var changes = new DecodedChange[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            ChangeApplier.TryDecode(records[i].Key, records[i].Value, out DecodedChange? change, out _);
            changes[i] = change!;
        }

        var zone = new Zone(basis);
        Cost apply = Measure(() =>
        {
            var draft = new ZoneDraft(basis);
            var head = new ZoneHead(draft, SerialPolicy.Increment);
            for (int i = 0; i < records.Count; i++)
            {
                if (ChangeApplier.Apply(changes[i], head, null, records[i].Timestamp, OversizedRRset.Unlimited) is ChangeApplied applied)
                {
                    zone.Commit(draft.ToVersion(), [applied.Changes]);
                }
            }
        });
        var materializer = new ZoneMaterializer(new ZoneTable(), name);
        materializer.Load(basis, SerialPolicy.Increment, new LogPosition(records[0].Position.Partition, records[0].Position.Offset - 1), ZoneStatus.Current);
        Cost all = Measure(() =>
        {
            foreach (LogRecord record in records)
            {
                materializer.Apply(record);
            }
        });
        // What the ingestor does with a backlog: runs of records applied to a draft and published together.
        var staging = new ZoneMaterializer(new ZoneTable(), name);
        staging.Load(basis, SerialPolicy.Increment, new LogPosition(records[0].Position.Partition, records[0].Position.Offset - 1), ZoneStatus.Current);
        using AllocationSampler? sampler = print && Environment.GetEnvironmentVariable("INGEST_BENCH_ALLOCATIONS") is "1" ? new AllocationSampler() : null;
        Cost staged = Measure(() =>
        {
            for (int i = 0; i < records.Count; i++)
            {
                staging.ApplyStaged(records[i]);
                if (i % StagedRun == StagedRun - 1)
                {
                    staging.Publish();
                }
            }

            staging.Publish();
        });
        sampler?.Print($"{name}: ZoneMaterializer.ApplyStaged", records.Count);
        if (print)
        {
            double n = records.Count;
            Console.WriteLine($"{name}: CPU per message over {records.Count:N0}: JSON parse {json.Cpu.TotalMicroseconds / n:F2} us, ChangeApplier.TryDecode (JSON parse and checks) {decode.Cpu.TotalMicroseconds / n:F2} us, "
                + $"ChangeApplier.Apply (parse names and rdata, transaction) and Zone.Commit (journal, swap) {apply.Cpu.TotalMicroseconds / n:F2} us; "
                + $"ZoneMaterializer.Apply (all of it) {all.Cpu.TotalMicroseconds / n:F2} us = {n / all.Cpu.TotalSeconds:N0} ops per CPU-second; "
                + $"ZoneMaterializer.ApplyStaged, published every {StagedRun:N0} records (what the ingestor does with a backlog) {staged.Cpu.TotalMicroseconds / n:F2} us = {n / staged.Cpu.TotalSeconds:N0} ops per CPU-second");
            Console.WriteLine($"{name}: per message: {Describe(decode, n)} decoding, {Describe(apply, n)} applying, {Describe(all, n)} in ZoneMaterializer.Apply, {Describe(staged, n)} staged");
        }
    }

    private static string Describe(Cost cost, double count) =>
        $"{cost.Allocated / count:N0} bytes allocated and {cost.Paused.TotalMicroseconds / count:F2} us of GC pauses (gen0/1/2 collections {cost.Collections})";

    private static Cost Measure(Action action)
    {
        GC.Collect();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan paused = GC.GetTotalPauseDuration();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        int gcs = GC.CollectionCount(0) - collections[0];
        GCMemoryInfo last = GC.GetGCMemoryInfo(GCKind.Any);
        return new Cost(
            Process.GetCurrentProcess().TotalProcessorTime - cpu,
            GC.GetAllocatedBytesForCurrentThread() - allocated,
            GC.GetTotalPauseDuration() - paused,
            string.Join('/', collections.Select((before, generation) => GC.CollectionCount(generation) - before))
                + (gcs > 0 ? $"; the last, gen{last.Generation}: {last.PromotedBytes / 1048576.0:F1} MiB promoted, {last.PauseDurations[0].TotalMilliseconds:F0} ms pause" : ""));
    }

    /// <summary>What a measured loop cost: process CPU time (GC threads included), bytes it allocated, GC pauses.</summary>
    private sealed record Cost(TimeSpan Cpu, long Allocated, TimeSpan Paused, string Collections);

    /// <summary>
    /// Starts `dnssuite primary` on the log (in a folder of its own: from the repository it would read conf/dnssuite.json
    /// and seed conf/zones, whose example.com would replace the bench's zone of the same name) and returns once it wrote
    /// its ready file; disposing it stops it with SIGTERM.
    /// </summary>
    private static Task<DnsSuiteProcess> StartPrimaryAsync(string dll, string[] logArgs, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The gen0 budget the container image and scripts/run-primary.sh give the primary, unless the caller sets one.
        var variables = new Dictionary<string, string> { ["DOTNET_GCgen0size"] = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "0x8000000" };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return DnsSuiteProcess.StartAsync(
            new DnsSuiteLauncher { Dll = dll, Timeout = TimeSpan.FromMinutes(5) },
            ["primary", "--listen", "127.0.0.1:0", "--log-level", "Warning", .. logArgs],
            variables);
    }

    /// <summary>
    /// Starts `dnssuite primary` on the log, times start-up to its ready file, then measures produce-to-answer latency
    /// and the rate of a burst while a query load runs, and reports the query rate.
    /// </summary>
    public static async Task ServeAsync(string dll, string[] logArgs, IChangeLog log, DomainName origin, string name, int tailCount, int sampleCount)
    {
        var stopwatch = Stopwatch.StartNew();
        await using DnsSuiteProcess primary = await StartPrimaryAsync(dll, logArgs);
        using Process process = Process.GetProcessById(primary.Id);
        Console.WriteLine($"{name}: dnssuite primary start-up from the snapshot plus a {tailCount:N0}-message tail, to its ready file: {stopwatch.Elapsed.TotalSeconds:F2} s (resident {process.WorkingSet64 / 1048576} MiB)");
        IPEndPoint server = primary.UdpEndPoint;
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (DomainName expected in (DomainName[])[DomainName.Parse($"host0.{origin}"), DomainName.Parse($"t{tailCount - 1}.{origin}")])
        {
            if (!await AnswersAsync(probe, server, expected))
            {
                throw new InvalidOperationException($"the primary does not serve the bench's zone: no answer for {expected}");
            }
        }

        using var load = new QueryLoad(server, origin);
        Task loadRun = load.RunAsync();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var latencies = new List<double>(sampleCount);
        for (int i = 0; i < sampleCount; i++)
        {
            latencies.Add(await ProduceToAnswerAsync(log, probe, server, origin, "lat", i));
        }

        latencies.Sort();
        Console.WriteLine($"{name}: produce-to-answer over {sampleCount} single-RR changes: p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms, max {latencies[^1]:F1} ms");

        // An unmeasured burst first, so that the measured one runs code the JIT has finished tiering up, as in a
        // primary that has been running for a while (the samples above take under a second when answers are quick).
        await AppendAllAsync(log, ChangeApplier.KeyOf(origin), SingleAdds(origin, "w", WarmUpMessages));
        DomainName warmedUp = DomainName.Parse($"w{WarmUpMessages - 1}.{origin}");
        await Wait.UntilAsync(() => AnswersAsync(probe, server, warmedUp), TimeSpan.FromMinutes(5), $"an answer for {warmedUp}");
        await JitSettledAsync(process.Id);

        // Two bursts: the first still tiers up code that runs once per published run (a 20,000-message burst publishes
        // too few runs for the JIT to promote it); the second is what a primary that has been running for a while does.
        await BurstAsync(process.Id, log, probe, server, origin, $"{name}: first burst", "b", tailCount);
        await JitSettledAsync(process.Id);
        await BurstAsync(process.Id, log, probe, server, origin, $"{name}: second burst", "c", tailCount);
        (long answered, TimeSpan elapsed) = await load.StopAsync(loadRun);
        TimeSpan serverCpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{name}: queries answered throughout: {answered:N0} in {elapsed.TotalSeconds:F1} s ({answered / elapsed.TotalSeconds:N0}/s, 1 outstanding; {load.Unanswered:N0} timed out); server CPU {serverCpu.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Produce-to-answer while the primary writes a snapshot of the large zone: a primary started with a snapshot interval
    /// of 5 s takes single-RR changes one at a time, each appended once the previous one is answered, from before the
    /// snapshot is due (after 50 unmeasured changes) until 3 s after its value is in the log (or for 60 s). Snapshots are written beside ingestion,
    /// so a change should not wait for one (docs/change-log.md, "When snapshots are written").
    /// </summary>
    public static async Task SnapshotStallAsync(string dll, string data, IChangeLog log, DomainName origin, string name)
    {
        DateTime SnapshotWrittenAt() => Directory.EnumerateFiles(data, "*.snap", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc);
        await using DnsSuiteProcess primary = await StartPrimaryAsync(
            dll, ["--data", data], new Dictionary<string, string> { ["DNSSUITE__ChangeLog__Snapshots__EveryInterval"] = "00:00:05" });
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        DateTime before = SnapshotWrittenAt();
        // Unmeasured: the first changes a new process applies run code the JIT compiles then (hundreds of ms).
        for (int i = 0; i < 50; i++)
        {
            await ProduceToAnswerAsync(log, probe, primary.UdpEndPoint, origin, "snapwarm", i);
        }

        var window = Stopwatch.StartNew();
        TimeSpan? writtenAt = null;
        var latencies = new List<(TimeSpan At, double Milliseconds)>();
        for (int i = 0; window.Elapsed < TimeSpan.FromSeconds(60) && (writtenAt is null || window.Elapsed < writtenAt + TimeSpan.FromSeconds(3)); i++)
        {
            TimeSpan at = window.Elapsed;
            latencies.Add((at, await ProduceToAnswerAsync(log, probe, primary.UdpEndPoint, origin, "snap", i)));
            if (writtenAt is null && SnapshotWrittenAt() > before)
            {
                writtenAt = window.Elapsed;
            }
        }

        double[] sorted = [.. latencies.Select(sample => sample.Milliseconds).Order()];
        (TimeSpan slowestAt, double slowest) = latencies.MaxBy(sample => sample.Milliseconds);
        Console.WriteLine($"{name}: produce-to-answer while a snapshot of the zone is written: {sorted.Length:N0} changes in {window.Elapsed.TotalSeconds:F1} s, "
            + (writtenAt is { } written ? $"the snapshot in the log at {written.TotalSeconds:F1} s" : "no snapshot written within 60 s")
            + $"; p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms, max {slowest:F1} ms (at {slowestAt.TotalSeconds:F1} s)");
    }

    /// <summary>Appends one single-RR change and returns how long until the primary answered the new name, in milliseconds.</summary>
    private static async Task<double> ProduceToAnswerAsync(IChangeLog log, UdpClient probe, IPEndPoint server, DomainName origin, string prefix, int i)
    {
        DomainName probed = DomainName.Parse($"{prefix}{i}.{origin}");
        long t0 = Stopwatch.GetTimestamp();
        await log.AppendChangeAsync(ChangeApplier.KeyOf(origin), SingleAdd(origin, prefix, i), CancellationToken.None);
        while (!await AnswersAsync(probe, server, probed))
        {
            if (Stopwatch.GetElapsedTime(t0) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{probed} not answered 30 s after it was produced");
            }
        }

        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    /// <summary>Appends <paramref name="tailCount"/> single-RR changes while the query load runs and prints how fast the primary applied them.</summary>
    private static async Task BurstAsync(int processId, IChangeLog log, UdpClient probe, IPEndPoint server, DomainName origin, string name, string prefix, int tailCount)
    {
        Dictionary<int, (string Name, long Ticks, long Waits)> threadsBefore = ThreadCpu.Read(processId.ToString(CultureInfo.InvariantCulture));
        var burst = Stopwatch.StartNew();
        string appended = await AppendAllAsync(log, ChangeApplier.KeyOf(origin), SingleAdds(origin, prefix, tailCount));
        TimeSpan appendedAt = burst.Elapsed;
        // Every applied single-RR message bumps the serial by one: the serial says how far the primary has got.
        uint serialAtAppended = await SerialAsync(probe, server, origin);
        TimeSpan serialAt = burst.Elapsed;
        DomainName last = DomainName.Parse($"{prefix}{tailCount - 1}.{origin}");
        await Wait.UntilAsync(() => AnswersAsync(probe, server, last), TimeSpan.FromMinutes(5), $"an answer for {last}");
        TimeSpan visible = burst.Elapsed;
        uint serialAtEnd = await SerialAsync(probe, server, origin);
        Dictionary<int, (string Name, long Ticks, long Waits)> threadsAfter = ThreadCpu.Read(processId.ToString(CultureInfo.InvariantCulture));
        uint backlog = serialAtEnd - serialAtAppended;
        Console.WriteLine($"{name} while serving: {appended}; the last answered {(visible - appendedAt).TotalMilliseconds:F0} ms after the last append: "
            + $"at least {tailCount / visible.TotalSeconds:N0} ops/s applied by the primary from the first append to the last answer, "
            + (backlog > tailCount / 10
                ? $"{backlog / (visible - serialAt).TotalSeconds:N0} ops/s over the {backlog:N0} messages still to apply once the bench stopped appending"
                : $"which had applied all but {backlog:N0} when the bench stopped appending"));
        Console.WriteLine($"{name}, the primary's CPU by thread name ({visible.TotalSeconds:F2} s): {ThreadCpu.ByName(threadsBefore, threadsAfter)}");
    }

    /// <summary>
    /// Waits (up to 20 s) until the process's tiered-compilation thread has used no CPU for half a second: with both
    /// cores busy during the warm-up, its backlog of methods to recompile would otherwise run during the measurement.
    /// </summary>
    private static async Task JitSettledAsync(int processId)
    {
        string process = processId.ToString(CultureInfo.InvariantCulture);
        long last = -1;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            long ticks = ThreadCpu.Read(process).Values.Where(thread => thread.Name.StartsWith(".NET Tiered", StringComparison.Ordinal)).Sum(thread => thread.Ticks);
            if (ticks == last)
            {
                return;
            }

            last = ticks;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task<uint> SerialAsync(UdpClient client, IPEndPoint server, DomainName origin)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if ((await QueryAsync(client, server, origin, RecordType.SOA))?.Answers.FirstOrDefault()?.Data is SoaRdata soa)
            {
                return soa.Serial;
            }
        }

        throw new TimeoutException($"no SOA of {origin} from {server}");
    }

    private static async Task<bool> AnswersAsync(UdpClient client, IPEndPoint server, DomainName name) =>
        await QueryAsync(client, server, name, RecordType.A) is { ResponseCode: ResponseCode.NoError, Answers.Count: > 0 };

    /// <summary>The response to one query; null when none came within 200 ms.</summary>
    private static async Task<Message?> QueryAsync(UdpClient client, IPEndPoint server, DomainName name, RecordType type)
    {
        ushort id = (ushort)Random.Shared.Next(ushort.MaxValue);
        await client.SendAsync(Message.CreateQuery(name, type, id).ToArray(), server);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            while (true)
            {
                UdpReceiveResult received = await client.ReceiveAsync(timeout.Token);
                if (Message.TryParse(received.Buffer, out Message? response, out _) && response.Id == id)
                {
                    return response;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>One client, one query outstanding, names spread over the zone's hosts.</summary>
    private sealed class QueryLoad(IPEndPoint server, DomainName origin) : IDisposable
    {
        private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _elapsed = new();
        private long _answered;

        public long Unanswered { get; private set; }

        public Task RunAsync() => Task.Run(async () =>
        {
            _elapsed.Start();
            byte[][] queries = [.. Enumerable.Range(0, 1024).Select(i => Message.CreateQuery(DomainName.Parse($"host{i * 977}.{origin}"), RecordType.A, (ushort)i).ToArray())];
            for (int i = 0; !_stop.IsCancellationRequested; i++)
            {
                await _client.SendAsync(queries[i % queries.Length], server);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _client.ReceiveAsync(timeout.Token);
                    _answered++;
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    Unanswered++;
                }
                catch (OperationCanceledException)
                {
                    // The query outstanding when the load stops is not a timeout.
                }
            }
        });

        public async Task<(long Answered, TimeSpan Elapsed)> StopAsync(Task run)
        {
            await _stop.CancelAsync();
            await run;
            return (_answered, _elapsed.Elapsed);
        }

        public void Dispose()
        {
            _client.Dispose();
            _stop.Dispose();
        }
    }
}

/// <summary>
/// INGEST_BENCH_ALLOCATIONS=1: which types the measured loop allocates, from the runtime's allocation sampling (one
/// event per ~100 KB allocated, naming the type whose allocation crossed the mark), scaled to bytes per message.
/// </summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = [];
    private readonly Lock _lock = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // Keyword 0x1 is GC; allocation ticks are sent at the verbose level.
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs data)
    {
        if (data.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.PayloadNames is null)
        {
            return;
        }

        string type = data.Payload![data.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        long amount = Convert.ToInt64(data.Payload[data.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        lock (_lock)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    // A closure's type name does not say whose it is: the methods that may own it.
    private static string Closures(string type)
    {
        if (!type.StartsWith("<>c__DisplayClass", StringComparison.Ordinal))
        {
            return "";
        }

        IEnumerable<string> owners = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(assembly =>
            {
                try
                {
                    return assembly.GetTypes();
                }
                catch (System.Reflection.ReflectionTypeLoadException e)
                {
                    return e.Types.OfType<Type>();
                }
            })
            .Where(t => t.Name == type && t.DeclaringType is not null)
            .Select(t => $"{t.DeclaringType!.FullName} ({string.Join(", ", t.GetFields().Select(f => f.Name))})");
        return " in one of: " + string.Join("; ", owners);
    }

    public void Print(string what, int messages)
    {
        lock (_lock)
        {
            Console.WriteLine($"{what}: sampled allocations per message by type:");
            foreach ((string type, long bytes) in _bytes.OrderByDescending(entry => entry.Value).Take(40))
            {
                Console.WriteLine($"  {bytes / (double)messages,8:F0} B  {type}{Closures(type)}");
            }
        }
    }
}

/// <summary>CPU time per thread of this process, from /proc/self/task (Linux), in clock ticks.</summary>
internal static class ThreadCpu
{
    // sysconf(_SC_CLK_TCK), 100 on Linux everywhere this runs.
    private const double TicksPerSecond = 100;

    /// <summary>Per thread of a process (this one by default): its name, CPU ticks and voluntary context switches.</summary>
    public static Dictionary<int, (string Name, long Ticks, long Waits)> Read(string process = "self")
    {
        var threads = new Dictionary<int, (string Name, long Ticks, long Waits)>();
        foreach (string task in Directory.EnumerateDirectories($"/proc/{process}/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The name, in parentheses, may hold blanks: the fields after it are counted from its closing parenthesis.
                int open = stat.IndexOf('(', StringComparison.Ordinal);
                int close = stat.LastIndexOf(')');
                string[] fields = stat[(close + 2)..].Split(' ');
                // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and the state.
                long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                // Voluntary context switches: how often the thread blocked (waited for a lock, an event, I/O).
                string waits = File.ReadLines(Path.Combine(task, "status")).First(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    (stat[(open + 1)..close], ticks, long.Parse(waits.AsSpan("voluntary_ctxt_switches:".Length).Trim(), CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended while it was read.
            }
        }

        return threads;
    }

    /// <summary>CPU used and times blocked between two readings per thread name, busiest first.</summary>
    public static string ByName(Dictionary<int, (string Name, long Ticks, long Waits)> before, Dictionary<int, (string Name, long Ticks, long Waits)> after) =>
        string.Join(", ", after
            .GroupBy(thread => thread.Value.Name)
            .Select(group => (
                Name: group.Key,
                Ticks: group.Sum(thread => thread.Value.Ticks - (before.TryGetValue(thread.Key, out (string Name, long Ticks, long Waits) earlier) ? earlier.Ticks : 0)),
                Waits: group.Sum(thread => thread.Value.Waits - (before.TryGetValue(thread.Key, out (string Name, long Ticks, long Waits) earlier) ? earlier.Waits : 0))))
            .Where(group => group.Ticks > 0)
            .OrderByDescending(group => group.Ticks)
            .Select(group => $"{group.Name} {group.Ticks / TicksPerSecond:F2} s ({group.Waits:N0} waits)"));

    /// <summary>CPU used between two readings by librdkafka's threads and by the others.</summary>
    public static (TimeSpan Native, TimeSpan Managed) Split(Dictionary<int, (string Name, long Ticks, long Waits)> before, Dictionary<int, (string Name, long Ticks, long Waits)> after)
    {
        long native = 0, managed = 0;
        foreach ((int id, (string name, long ticks, _)) in after)
        {
            long used = ticks - (before.TryGetValue(id, out (string Name, long Ticks, long Waits) earlier) ? earlier.Ticks : 0);
            if (name.StartsWith("rdk:", StringComparison.Ordinal))
            {
                native += used;
            }
            else
            {
                managed += used;
            }
        }

        return (TimeSpan.FromSeconds(native / TicksPerSecond), TimeSpan.FromSeconds(managed / TicksPerSecond));
    }
}
