using System.Diagnostics;
using System.Globalization;
using System.Text;
using DnsSuite.ChangeLog.Embedded;

/// <summary>
/// The writes of bench/query's mixed load: appends one SET change per message to a primary's embedded log at a steady
/// rate, each giving a random existing name host0..hostN-1 of the queried zone a new address, for a given time. Each
/// 10 ms tick appends its share concurrently, so they share one fsync (the log's group commit). Prints the changes
/// appended and the rate reached.
/// </summary>
internal static class ChangeProducer
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: DnsSuite.Bench.Query changes DATA_DIR ZONE RECORDS PER_SECOND SECONDS");
            return 2;
        }

        string zone = args[1];
        int records = int.Parse(args[2], CultureInfo.InvariantCulture);
        double perSecond = double.Parse(args[3], CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        await using EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = args[0] });
        var random = new Random(2);
        var clock = Stopwatch.StartNew();
        long appended = 0;
        var pending = new List<Task>();
        while (clock.Elapsed < duration)
        {
            // A steady rate: each tick brings the total up to where the clock says it should be.
            long due = (long)(clock.Elapsed.TotalSeconds * perSecond);
            for (; appended < due; appended++)
            {
                int host = random.Next(records);
                string json = $$"""{"version":1,"zone":"{{zone}}","operations":[{"op":"SET","name":"host{{host}}","ttl":3600,"type":"A","rdata":["172.{{appended >> 16 & 255}}.{{appended >> 8 & 255}}.{{appended & 255}}"]}],"source":"bench"}""";
                pending.Add(log.AppendChangeAsync(zone, Encoding.UTF8.GetBytes(json), CancellationToken.None));
            }

            await Task.WhenAll(pending);
            pending.Clear();
            await Task.Delay(Tick);
        }

        Console.WriteLine($"appended {appended} changes in {clock.Elapsed.TotalSeconds:F1} s: {appended / clock.Elapsed.TotalSeconds:F0} changes/s");
        return 0;
    }
}
