using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

// Measures the zone model on a large flat zone: memory per record, load time, single-change
// commits per second and lookups per second. Rates use this process's CPU time as well as wall time:
// the machine is shared, and CPU time is what stays comparable under load.
// Usage: DnsSuite.Bench.Zones [records] [commits]
int recordCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
int commitCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
DomainName origin = DomainName.Parse("example.com.");

long before = GC.GetTotalMemory(forceFullCollection: true);
var load = Measure.Start();
ZoneVersion version = ZoneVersion.Create(origin, Generate(origin, 0, recordCount));
long after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"records: {version.RecordCount:N0}, nodes: {version.NodeCount:N0}");
Console.WriteLine($"load: {load.Report(version.RecordCount, "records")}");
Console.WriteLine($"memory: {(after - before) / (double)version.RecordCount:F1} bytes/record (managed heap, GC.GetTotalMemory)");

// Each commit adds one new host and removes one existing host: one record each way, one transaction.
uint serial = version.Serial;
var commits = Measure.Start();
for (int i = 0; i < commitCount; i++)
{
    var transaction = new ZoneTransaction(version);
    transaction.Add(Host(origin, recordCount + i));
    transaction.Remove(Host(origin, i));
    version = transaction.Commit(++serial).Version;
}

Console.WriteLine($"commits (add + remove + commit each, {version.RecordCount:N0} records): {commits.Report(commitCount, "transactions")}");

byte[][] names = [.. Enumerable.Range(0, 100_000).Select(i => Host(origin, commitCount + i * 7 % recordCount).Name.ToLowerInvariant().Wire.ToArray())];
int found = 0;
var lookups = Measure.Start();
for (int round = 0; round < 20; round++)
{
    foreach (byte[] name in names)
    {
        found += version.TryGetNode(name, out _) ? 1 : 0;
    }
}

Console.WriteLine($"lookups ({found:N0} hits): {lookups.Report(found, "TryGetNode(wire)")}");

// Baseline on the same machine at the same moment: a mutable Dictionary over the same nodes, which
// has no structural sharing. The ratio is what to compare across runs.
Dictionary<DomainName, ZoneNode> baseline = version.EnumerateNodes().ToDictionary(node => node.Name);
DomainName[] keys = [.. names.Select(name => DomainName.FromWire(name))];
int baselineFound = 0;
var baselineLookups = Measure.Start();
for (int round = 0; round < 20; round++)
{
    foreach (DomainName key in keys)
    {
        baselineFound += baseline.TryGetValue(key, out _) ? 1 : 0;
    }
}

Console.WriteLine($"baseline Dictionary lookups ({baselineFound:N0} hits): {baselineLookups.Report(baselineFound, "TryGetValue")}");
GC.KeepAlive(version);

static IEnumerable<ResourceRecord> Generate(DomainName origin, int start, int count)
{
    yield return new ResourceRecord(origin, 3600, Rdata.Parse(RecordType.SOA, "ns1 hostmaster 1 7200 900 1209600 300", origin));
    yield return new ResourceRecord(origin, 3600, Rdata.Parse(RecordType.NS, "ns1", origin));
    for (int i = start; i < start + count - 2; i++)
    {
        yield return Host(origin, i);
    }
}

static ResourceRecord Host(DomainName origin, int i) =>
    new(origin.Prepend($"host{i}"), 3600, new ARdata(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i])));

internal sealed class Measure
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;

    public static Measure Start() => new();

    public string Report(int count, string unit)
    {
        double wall = _wall.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds;
        return $"{count / cpu:N0} {unit}/s of CPU time ({cpu:F2} s CPU), {count / wall:N0} {unit}/s of wall time ({wall:F2} s)";
    }
}
