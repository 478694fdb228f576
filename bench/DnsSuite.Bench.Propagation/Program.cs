using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;

// Produce-to-answer latency: appends ADD changes to a primary's embedded change log at a steady rate and, for
// each change, polls every secondary over UDP until it answers the new name; prints p50/p90/p99 per secondary.
// The clock starts just before the append (the producer's call), and stops at the first answer with the record
// (for a change that answers at once after an earlier one, at that first poll).
// Usage: DnsSuite.Bench.Propagation DATA_DIR ZONE COUNT PER_SECOND NAME=PORT [NAME=PORT ...]
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: DnsSuite.Bench.Propagation DATA_DIR ZONE COUNT PER_SECOND NAME=PORT [NAME=PORT ...]");
    return 2;
}

string data = args[0];
DomainName zone = DomainName.Parse(args[1]);
int count = int.Parse(args[2], CultureInfo.InvariantCulture);
double perSecond = double.Parse(args[3], CultureInfo.InvariantCulture);
(string Name, IPEndPoint EndPoint)[] targets = [.. args.Skip(4).Select(arg => arg.Split('=') is [var name, var port]
    ? (name, new IPEndPoint(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture)))
    : throw new ArgumentException($"'{arg}' is not NAME=PORT"))];
TimeSpan pollInterval = TimeSpan.FromMilliseconds(1);
TimeSpan giveUp = TimeSpan.FromSeconds(30);
var client = new DnsClient();
string run = DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture);

await using EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = data });
var latencies = targets.ToDictionary(t => t.Name, _ => new List<double>());
var missed = targets.ToDictionary(t => t.Name, _ => 0);
var fanOut = targets.ToDictionary(t => t.Name, _ => System.Threading.Channels.Channel.CreateUnbounded<(DomainName Name, long Start)>());
// One poller per secondary, one query in flight: a secondary applies versions in serial order, so once change i
// answers, every earlier one does too, and polling the changes in order measures each one without flooding the
// secondary with thousands of queries per second (which would delay the NOTIFYs it receives on the same socket).
Task[] pollers = [.. targets.Select(t => PollInOrderAsync(t.Name, t.EndPoint, fanOut[t.Name].Reader))];
var clock = Stopwatch.StartNew();
for (int i = 0; i < count; i++)
{
    // A steady rate: each change at its slot, whatever the previous one cost.
    TimeSpan due = TimeSpan.FromSeconds(i / perSecond);
    if (due > clock.Elapsed)
    {
        await Task.Delay(due - clock.Elapsed);
    }

    string label = $"p{run}-{i}";
    string json = $$"""{"version":1,"zone":"{{zone}}","operations":[{"op":"ADD","name":"{{label}}","ttl":300,"type":"A","rdata":"10.{{i / 65536 % 256}}.{{i / 256 % 256}}.{{i % 256}}"}],"source":"bench"}""";
    long start = Stopwatch.GetTimestamp();
    await log.AppendChangeAsync(zone.ToString().ToLowerInvariant(), Encoding.UTF8.GetBytes(json), CancellationToken.None);
    DomainName name = DomainName.Parse($"{label}.{zone}");
    foreach (var channel in fanOut.Values)
    {
        channel.Writer.TryWrite((name, start));
    }
}

foreach (var channel in fanOut.Values)
{
    channel.Writer.Complete();
}

await Task.WhenAll(pollers);
Console.WriteLine($"{count} changes at {perSecond.ToString(CultureInfo.InvariantCulture)}/s; produce-to-answer latency in ms (UDP polls every {pollInterval.TotalMilliseconds} ms)");
Console.WriteLine($"{"secondary",-12} {"p50",8} {"p90",8} {"p99",8} {"max",8} {"answered",9}");
foreach ((string target, _) in targets)
{
    double[] sorted = [.. latencies[target].Order()];
    Console.WriteLine(sorted.Length == 0
        ? $"{target,-12} none answered"
        : $"{target,-12} {Percentile(sorted, 50),8:F1} {Percentile(sorted, 90),8:F1} {Percentile(sorted, 99),8:F1} {sorted[^1],8:F1} {sorted.Length,9}");
}

return missed.Values.Sum() == 0 ? 0 : 1;

async Task PollInOrderAsync(string target, IPEndPoint endPoint, System.Threading.Channels.ChannelReader<(DomainName Name, long Start)> changes)
{
    await foreach ((DomainName name, long start) in changes.ReadAllAsync())
    {
        if (!await PollAsync(endPoint, name, start))
        {
            missed[target]++;
            Console.Error.WriteLine($"{target}: {name} not answered within {giveUp.TotalSeconds} s");
            continue;
        }

        latencies[target].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}

async Task<bool> PollAsync(IPEndPoint endPoint, DomainName name, long start)
{
    ushort id = 0;
    while (Stopwatch.GetElapsedTime(start) < giveUp)
    {
        try
        {
            Message answer = await client.QueryAsync(endPoint, Message.CreateQuery(name, RecordType.A, id++), DnsTransport.Udp, TimeSpan.FromSeconds(1), CancellationToken.None);
            if (answer.ResponseCode == ResponseCode.NoError && answer.Answers.Count > 0)
            {
                return true;
            }
        }
        catch (TimeoutException)
        {
            // A lost datagram: ask again.
        }

        await Task.Delay(pollInterval);
    }

    return false;
}

static double Percentile(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
