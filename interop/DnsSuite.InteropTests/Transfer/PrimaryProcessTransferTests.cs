using System.Globalization;
using System.Text;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.InteropTests.Harness;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Transfer;

/// <summary>
/// The real <c>dnssuite primary</c> (embedded change log, changes appended by the test as a producer would) with
/// BIND as secondary, directly or behind a real <c>dnssuite secondary</c>: a restart of the primary keeps BIND on
/// IXFR, and a three-level chain converges after a stream of changes.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class PrimaryProcessTransferTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Apexes = ["example.com.", "example.net.", "example.org."];

    private readonly List<(string Name, Func<string> Log)> _logs = [];

    [TearDown]
    public async Task DumpLogsOnFailureAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            foreach ((string name, Func<string> log) in _logs)
            {
                await TestContext.Out.WriteLineAsync($"===== {name} =====\n{log()}");
            }
        }

        _logs.Clear();
    }

    [Test]
    public async Task RestartedPrimary_KeepsServingIxfr_ToABindSecondaryOlderThanItsSnapshot()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = WriteZones(dir, Apexes[0]);
        int primaryPort = FreePort.Next();
        int bindPort = FreePort.Next();
        await using EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = data });
        var producer = new Producer(log, [Apexes[0]]);

        // Without NOTIFY to BIND (and an SOA refresh of an hour), BIND stays at serial 1 while the primary moves on.
        using BindServer bind = await BindServer.StartSecondaryAsync([Apexes[0]], new(System.Net.IPAddress.Loopback, primaryPort), port: bindPort);
        _logs.Add(("bind", () => bind.Log));
        using (DnsSuiteProcess first = await StartPrimaryAsync(data, zones, primaryPort))
        {
            _logs.Add(("first primary", () => first.StandardOutput + first.StandardError));
            await bind.WaitForSerialAsync(Apexes[0], 1, Timeout);
            await producer.ProduceAsync(20, new Random(5));
            await WaitForSerialAsync(primaryPort, Apexes[0], 21, "the first primary");
            (await first.StopAsync()).ShouldBe(0, "a clean stop writes the snapshots");
        }

        (await bind.GetSerialAsync(Apexes[0])).ShouldBe(1u);
        using DnsSuiteProcess primary = await StartPrimaryAsync(data, zones, primaryPort, bindPort);
        _logs.Add(("restarted primary", () => primary.StandardOutput + primary.StandardError));
        primary.StandardOutput.ShouldContain("Loaded 1 zone snapshots");

        await bind.WaitForSerialAsync(Apexes[0], 21, Timeout);
        await producer.ProduceAsync(10, new Random(6));
        await bind.WaitForSerialAsync(Apexes[0], 31, Timeout);

        primary.StandardOutput.ShouldContain("IXFR of example.com. serial 21 to 127.0.0.1");
        primary.StandardOutput.ShouldContain("IXFR of example.com. serial 31 to 127.0.0.1");
        primary.StandardOutput.ShouldNotContain("AXFR of", customMessage: "BIND at a serial older than the snapshot must get IXFR from the history the snapshot carries");
        (await Dig.AxfrRecordsAsync(bindPort, Apexes[0])).ShouldBe(await Dig.AxfrRecordsAsync(primaryPort, Apexes[0]));
    }

    /// <summary>Our primary -> our secondary -> BIND: every level ends with the same zones, and BIND followed by IXFR.</summary>
    [Test]
    public async Task ThreeLevelChain_ConvergesAfterAStreamOfChanges_WithBindOnIxfr()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        string zones = WriteZones(dir, Apexes);
        int primaryPort = FreePort.Next();
        int secondaryPort = FreePort.Next();
        int bindPort = FreePort.Next();
        await using EmbeddedChangeLog log = await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = data });
        var producer = new Producer(log, Apexes);

        using DnsSuiteProcess primary = await StartPrimaryAsync(data, zones, primaryPort, secondaryPort);
        _logs.Add(("primary", () => primary.StandardOutput + primary.StandardError));
        using DnsSuiteProcess secondary = await StartSecondaryAsync(dir.Combine("secondary-data"), secondaryPort, primaryPort, bindPort);
        _logs.Add(("secondary", () => secondary.StandardOutput + secondary.StandardError));
        foreach (string apex in Apexes)
        {
            await WaitForSerialAsync(secondaryPort, apex, 1, "our secondary");
        }

        using BindServer bind = await BindServer.StartSecondaryAsync(Apexes, new(System.Net.IPAddress.Loopback, secondaryPort), port: bindPort);
        _logs.Add(("bind", () => bind.Log));
        foreach (string apex in Apexes)
        {
            await bind.WaitForSerialAsync(apex, 1, Timeout);
        }

        var random = new Random(42);
        for (int round = 0; round < 6; round++)
        {
            await producer.ProduceAsync(50, random);
            foreach (string apex in Apexes)
            {
                await bind.WaitForSerialAsync(apex, 1 + (uint)producer.Produced[apex], Timeout);
            }
        }

        // Before this test's own AXFRs below, which the secondary logs too.
        foreach (string apex in Apexes)
        {
            CountOf(secondary.StandardOutput, $"AXFR of {apex} serial").ShouldBe(1, $"only BIND's initial transfer of {apex} is a full one");
            secondary.StandardOutput.ShouldContain($"IXFR of {apex} serial");
        }

        foreach (string apex in Apexes)
        {
            (await Dig.SerialAsync(primaryPort, apex)).ShouldBe(1 + (uint)producer.Produced[apex]);
            IReadOnlyList<string> expected = await Dig.AxfrRecordsAsync(primaryPort, apex);
            expected.Count.ShouldBeGreaterThan(30);
            (await Dig.AxfrRecordsAsync(secondaryPort, apex)).ShouldBe(expected, $"{apex} on our secondary");
            (await Dig.AxfrRecordsAsync(bindPort, apex)).ShouldBe(expected, $"{apex} on BIND");
        }
    }

    /// <summary>Writes one zone file per apex (serial 1) into a folder for <c>--zones</c>.</summary>
    private static string WriteZones(TempDir dir, params string[] apexes)
    {
        foreach (string apex in apexes)
        {
            dir.WriteFile($"zones/{apex}zone", ZoneText(apex, 1));
        }

        return dir.Combine("zones");
    }

    private static string ZoneText(string apex, uint serial) =>
        $"$ORIGIN {apex}\n$TTL 300\n@ SOA ns1 hostmaster {serial.ToString(CultureInfo.InvariantCulture)} 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\n"
        + string.Concat(Enumerable.Range(1, 30).Select(i => $"host{i} A 192.0.2.{i}\n"));

    private static Task<DnsSuiteProcess> StartPrimaryAsync(string data, string zones, int port, params int[] notify)
    {
        var environment = new Dictionary<string, string>
        {
            ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
            ["DNSSUITE__Notify__NotifyNameServers"] = "false",
        };
        for (int i = 0; i < notify.Length; i++)
        {
            environment[$"DNSSUITE__Notify__AlsoNotify__{i}"] = $"127.0.0.1:{notify[i]}";
        }

        return DnsSuiteProcess.StartAsync(["primary", "--listen", $"127.0.0.1:{port}", "--data", data, "--zones", zones], environment);
    }

    private static Task<DnsSuiteProcess> StartSecondaryAsync(string data, int port, int primaryPort, int notify)
    {
        var args = new List<string> { "secondary", "--listen", $"127.0.0.1:{port}", "--data", data };
        foreach (string apex in Apexes)
        {
            args.AddRange(["--zone", $"{apex}@127.0.0.1:{primaryPort}"]);
        }

        return DnsSuiteProcess.StartAsync(args, new Dictionary<string, string>
        {
            ["DNSSUITE__Transfers__AllowTransfer__0"] = "127.0.0.1",
            ["DNSSUITE__Notify__NotifyNameServers"] = "false",
            ["DNSSUITE__Notify__AlsoNotify__0"] = $"127.0.0.1:{notify}",
        });
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static Task WaitForSerialAsync(int port, string apex, uint serial, string what) =>
        Wait.UntilAsync(async () => await Dig.SerialAsync(port, apex) == serial, Timeout, $"serial {serial} of {apex} on {what}");

    /// <summary>
    /// Appends change messages to the embedded log as a producer does, each of which changes its zone (so each
    /// bumps the serial by one): adds of new names, deletes of names it added, and SETs to new addresses.
    /// </summary>
    private sealed class Producer(EmbeddedChangeLog log, IReadOnlyList<string> apexes)
    {
        private readonly Dictionary<string, List<string>> _names = apexes.ToDictionary(apex => apex, _ => new List<string>(), StringComparer.Ordinal);
        private int _next;

        public Dictionary<string, int> Produced { get; } = apexes.ToDictionary(apex => apex, _ => 0, StringComparer.Ordinal);

        public async Task ProduceAsync(int count, Random random)
        {
            for (int i = 0; i < count; i++)
            {
                string apex = apexes[random.Next(apexes.Count)];
                List<string> names = _names[apex];
                int n = ++_next;
                string address = $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}";
                string operation;
                double roll = random.NextDouble();
                if (names.Count == 0 || roll < 0.5)
                {
                    string name = $"r{n}";
                    names.Add(name);
                    operation = $$"""{"op":"ADD","name":"{{name}}","ttl":300,"type":"A","rdata":"{{address}}"}""";
                }
                else if (roll < 0.75)
                {
                    int index = random.Next(names.Count);
                    operation = $$"""{"op":"DEL","name":"{{names[index]}}"}""";
                    names.RemoveAt(index);
                }
                else
                {
                    operation = $$"""{"op":"SET","name":"{{names[random.Next(names.Count)]}}","ttl":600,"type":"A","rdata":["{{address}}"]}""";
                }

                string json = $$"""{"version":1,"zone":"{{apex}}","operations":[{{operation}}],"source":"interop"}""";
                await log.AppendChangeAsync(apex, Encoding.UTF8.GetBytes(json), CancellationToken.None);
                Produced[apex]++;
            }
        }
    }
}
