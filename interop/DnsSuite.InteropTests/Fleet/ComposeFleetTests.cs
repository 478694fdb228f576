using System.Text.RegularExpressions;
using DnsSuite.InteropTests.Harness;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Containers;
using DnsSuite.TestSupport.Network;

namespace DnsSuite.InteropTests.Fleet;

/// <summary>
/// interop/compose.yaml without a container engine: every service on a host of its own (a network namespace with the
/// compose file's address on a private bridge, service names in its hosts file), started with the service's own
/// command, environment and mounted configuration files, and the image's defaults from the Dockerfile; paths inside
/// the images become folders of the test. Kafka is librdkafka's mock broker (tests/DnsSuite.KafkaMock) on the kafka
/// host: it listens on that namespace's 127.0.0.1 only, so the mock program forwards kafka:9092 to it and advertises
/// kafka:9092, and the primaries reach it over the bridge exactly as they would reach the compose Kafka. Nothing is
/// sent outside the lab's namespaces. The lab (namespaces, links, hosts files) is removed however the test ends.
/// </summary>
[Category("Interop")]
public sealed partial class ComposeFleetTests
{
    private const string ImageData = "/var/lib/dnssuite";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Zones = ["example.com.", "example.net."];
    private static readonly string[] Servers = ["primary1", "primary2", "secondary", "bind", "knot"];

    [Test]
    public async Task Fleet_ServesOneAxfrEverywhere_ConvergesAgainAfterAPrimaryIsKilledAndASecondarysLinkIsCut_AndKeepsItsSerialsAcrossDownAndUp()
    {
        ComposeFile compose = await ComposeFile.LoadAsync(Path.Combine(RepositoryPaths.Root, "interop", "compose.yaml"));
        using NetworkLab lab = new();
        Dictionary<string, LabHost> hosts = compose.Services.EnumerateObject()
            .Where(s => s.Value.GetProperty("networks").ValueKind == System.Text.Json.JsonValueKind.Object)
            .ToDictionary(s => s.Name, s => lab.AddHost(s.Name, compose.Address(s.Name)), StringComparer.Ordinal);
        LabHost operatorHost = lab.AddHost("operator", "172.28.0.200");
        using TempDir volumes = new("dnssuite-fleet");
        var fleet = new Fleet(compose, hosts, volumes);
        using var kafka = await fleet.StartKafkaAsync();
        try
        {
            DnsSuiteProcess[] primaries = await Task.WhenAll(fleet.StartDnsSuiteAsync("primary1"), fleet.StartDnsSuiteAsync("primary2"));
            fleet.Add("primary1", primaries[0]);
            fleet.Add("primary2", primaries[1]);
            fleet.Add("secondary", await fleet.StartDnsSuiteAsync("secondary"));
            fleet.Add("bind", fleet.StartBind());
            fleet.Add("knot", fleet.StartKnot());

            await fleet.WaitConvergedAsync(operatorHost, Servers, "the fleet as started");

            string[] kafkaFlags = compose.Command("primary1")[^2..];
            await fleet.PublishAsync(operatorHost, "example.com.", "www2", "192.0.2.80", kafkaFlags);
            await fleet.WaitConvergedAsync(operatorHost, Servers, "a change published through Kafka");

            // A primary dies (docker kill) and a secondary loses its network while changes go on through the other primary.
            fleet.Kill("primary1");
            LabHost cut = hosts["secondary"];
            lab.SetLink(cut, up: false);
            uint cutSerial = (await Dig.SerialAsync(cut, cut.Address, "example.com.")).ShouldNotBeNull();
            await fleet.PublishAsync(operatorHost, "example.com.", "during-outage", "192.0.2.81", kafkaFlags);
            await fleet.PublishAsync(operatorHost, "example.net.", "during-outage", "192.0.2.82", kafkaFlags);
            await fleet.WaitConvergedAsync(operatorHost, ["primary2", "bind", "knot"], "the changes during the outage, on the servers still reachable");
            (await Dig.SerialAsync(cut, cut.Address, "example.com.")).ShouldBe(cutSerial, "the secondary whose link is down cannot have the changes");

            // Both come back (compose restarts primary1 on its volume); the next change of each zone NOTIFYs everyone.
            fleet.Add("primary1", await fleet.StartDnsSuiteAsync("primary1"));
            lab.SetLink(cut, up: true);
            await fleet.PublishAsync(operatorHost, "example.com.", "after-outage", "192.0.2.83", kafkaFlags);
            await fleet.PublishAsync(operatorHost, "example.net.", "after-outage", "192.0.2.84", kafkaFlags);
            await fleet.WaitConvergedAsync(operatorHost, Servers, "the fleet after the outage");
            (await Dig.AxfrRecordsAsync(operatorHost, hosts["knot"].Address, "example.com.")).ShouldContain(line => line.StartsWith("during-outage.example.com. ", StringComparison.Ordinal));

            // docker compose down && up, Kafka's volume kept (the mock broker stays): every server stops (SIGTERM) and
            // starts again on its volume, and the primaries come back with the same serials.
            Dictionary<string, uint?> serials = [];
            foreach (string zone in Zones)
            {
                serials[zone] = await Dig.SerialAsync(operatorHost, hosts["primary1"].Address, zone);
            }

            await fleet.StopAllAsync();
            fleet.Add("primary1", await fleet.StartDnsSuiteAsync("primary1"));
            fleet.Add("primary2", await fleet.StartDnsSuiteAsync("primary2"));
            fleet.Add("secondary", await fleet.StartDnsSuiteAsync("secondary"));
            fleet.Add("bind", fleet.StartBind());
            fleet.Add("knot", fleet.StartKnot());
            foreach (string zone in Zones)
            {
                (await Dig.SerialAsync(operatorHost, hosts["primary1"].Address, zone)).ShouldBe(serials[zone], $"primary1's serial of {zone} after down and up");
                (await Dig.SerialAsync(operatorHost, hosts["primary2"].Address, zone)).ShouldBe(serials[zone], $"primary2's serial of {zone} after down and up");
            }

            await fleet.WaitConvergedAsync(operatorHost, Servers, "the fleet after down and up");
        }
        catch
        {
            TestContext.Out.WriteLine(fleet.Logs(kafka));
            throw;
        }
        finally
        {
            fleet.Dispose();
        }
    }

    /// <summary>The running services of the lab and how to start each as compose would.</summary>
    private sealed partial class Fleet(ComposeFile compose, IReadOnlyDictionary<string, LabHost> hosts, TempDir volumes) : IDisposable
    {
        private readonly Dictionary<string, IDisposable> running = new(StringComparer.Ordinal);
        private readonly DockerfileImage image = DockerfileImage.Repository;

        /// <summary>The mock broker on the kafka host, with the topics the compose file's one-shot topics service creates.</summary>
        public async Task<CapturedProcess> StartKafkaAsync()
        {
            string advertised = AdvertisedListener().Match(compose.Environment("kafka")["KAFKA_ADVERTISED_LISTENERS"]).Groups[1].Value;
            string port = advertised.Split(':')[1];
            List<string> command = [.. hosts["kafka"].Exec, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                Path.Combine(AppContext.BaseDirectory, "DnsSuite.KafkaMock.dll"), "--listen", $"{hosts["kafka"].Address}:{port}", "--advertise", advertised];
            foreach (Match topic in TopicCreation().Matches(compose.Command("topics")[0]))
            {
                command.AddRange(["--topic", $"{topic.Groups[1].Value}:{topic.Groups[2].Value}"]);
            }

            var kafka = new CapturedProcess(command);
            await Wait.UntilAsync(() => kafka.StandardOutput.StartsWith("ready ", StringComparison.Ordinal) || kafka.HasExited, Timeout, "the mock Kafka broker");
            kafka.HasExited.ShouldBeFalse(kafka.ToString());
            return kafka;
        }

        /// <summary>A DnsSuite service: its compose command and environment over the image's defaults, its volume a folder.</summary>
        public Task<DnsSuiteProcess> StartDnsSuiteAsync(string service)
        {
            string data = Volume(service, ImageData);
            var environment = image.Environment.Where(e => e.Key != "PATH")
                .Concat(compose.Environment(service))
                .ToDictionary(e => e.Key, e => e.Value.Replace(ImageData, data, StringComparison.Ordinal), StringComparer.Ordinal);
            string[] command = [.. compose.Command(service).Select(image.HostPath)];
            return DnsSuiteProcess.StartAsync(new DnsSuiteLauncher { Prefix = hosts[service].Exec }, command, environment);
        }

        /// <summary>named with the compose command and the mounted named.conf; its cache volume and the image's /run/named are folders.</summary>
        public CapturedProcess StartBind()
        {
            var paths = new Dictionary<string, string>(StringComparer.Ordinal) { ["/var/cache/bind"] = Volume("bind", "/var/cache/bind"), ["/run/named"] = Volume("bind", "/run/named") };
            foreach (string folder in paths.Values)
            {
                ExternalTool.Run("chown", ["bind:bind", folder]).EnsureSuccess();
            }

            return StartMounted("bind", "named", paths);
        }

        /// <summary>knotd with the compose command and the mounted knot.conf; its storage volume is a folder.</summary>
        public CapturedProcess StartKnot() =>
            StartMounted("knot", null, new Dictionary<string, string>(StringComparer.Ordinal) { ["/storage"] = Volume("knot", "/storage") });

        public void Add(string service, IDisposable process)
        {
            if (running.Remove(service, out IDisposable? previous))
            {
                previous.Dispose();
            }

            running[service] = process;
        }

        /// <summary>SIGTERM to every server, as <c>docker compose down</c>, and wait for each to exit.</summary>
        public async Task StopAllAsync()
        {
            foreach ((string service, IDisposable process) in running)
            {
                if (process is DnsSuiteProcess dnssuite)
                {
                    (await dnssuite.StopAsync()).ShouldBe(0, $"{service}: {dnssuite}");
                }
                else
                {
                    var peer = (CapturedProcess)process;
                    peer.Signal(Signals.Terminate);
                    await peer.WaitForExitAsync();
                }
            }
        }

        /// <summary>SIGKILL, as <c>docker kill</c>: no shutdown, no final snapshot.</summary>
        public void Kill(string service) => ((DnsSuiteProcess)running[service]).Kill();

        /// <summary><c>dnssuite publish add ZONE NAME 300 A ADDRESS</c> on <paramref name="from"/>, with the primaries' Kafka flags.</summary>
        public async Task PublishAsync(LabHost from, string zone, string name, string address, string[] kafkaFlags)
        {
            (int exitCode, string stdout, string stderr) = await DnsSuiteProcess.RunAsync(
                new DnsSuiteLauncher { Prefix = from.Exec }, ["publish", "add", zone, name, "300", "A", address, .. kafkaFlags]);
            exitCode.ShouldBe(0, $"{stdout}\n{stderr}");
        }

        /// <summary>Waits until <paramref name="servers"/> serve the same AXFR of every zone, as seen from <paramref name="from"/>.</summary>
        public async Task WaitConvergedAsync(LabHost from, IReadOnlyList<string> servers, string what)
        {
            string differences = string.Empty;
            try
            {
                await Wait.UntilAsync(async () =>
                {
                    differences = string.Empty;
                    foreach (string zone in Zones)
                    {
                        var transfers = await Task.WhenAll(servers.Select(s => Dig.AxfrRecordsAsync(from, hosts[s].Address, zone)));
                        for (int i = 0; i < servers.Count; i++)
                        {
                            if (transfers[i].Count == 0 || !transfers[i].SequenceEqual(transfers[0]))
                            {
                                differences += $"{zone} on {servers[i]}: {transfers[i].FirstOrDefault(r => r.Contains(" soa ", StringComparison.Ordinal)) ?? "no AXFR"} ({transfers[i].Count} records; {servers[0]}: {transfers[0].Count})\n";
                            }
                        }
                    }

                    return differences.Length == 0;
                }, Timeout, what);
                TestContext.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} converged: {what}");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{differences}", e);
            }
        }

        public string Logs(CapturedProcess kafka) =>
            string.Join("\n", running.Select(r => $"=== {r.Key}: {r.Value}").Prepend($"=== kafka: {kafka}"));

        public void Dispose()
        {
            foreach (IDisposable process in running.Values)
            {
                process.Dispose();
            }
        }

        /// <summary>A folder that stands for the service's volume (or image folder) at <paramref name="imagePath"/>, the same across restarts.</summary>
        private string Volume(string service, string imagePath)
        {
            string folder = volumes.Combine($"{service}{imagePath.Replace('/', '-')}");
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>
        /// A peer's image: its compose command after <paramref name="entrypoint"/> (the image's own, or none when the
        /// command names the program), with each mounted file copied into the service's folder and every path of
        /// <paramref name="paths"/> in the command and those files replaced by its folder.
        /// </summary>
        private CapturedProcess StartMounted(string service, string? entrypoint, Dictionary<string, string> paths)
        {
            foreach ((string source, string target) in compose.Volumes(service).Where(v => v.Source.StartsWith('/')))
            {
                string copy = Path.Combine(Volume(service, "/mounts"), Path.GetFileName(target));
                File.WriteAllText(copy, paths.Aggregate(File.ReadAllText(source), (text, path) => text.Replace(path.Key, path.Value, StringComparison.Ordinal)));
                ExternalTool.Run("chmod", ["644", copy]).EnsureSuccess();
                paths[target] = copy;
            }

            string[] command = [.. compose.Command(service).Select(arg => paths.TryGetValue(arg, out string? mapped) ? mapped : arg)];
            string program = entrypoint ?? command[0];
            ExternalTool.Run("chmod", ["755", volumes.Path, Volume(service, "/mounts")]).EnsureSuccess();
            return new CapturedProcess([.. hosts[service].Exec, ExternalTool.Require(program), .. entrypoint is null ? command[1..] : command]);
        }

        [GeneratedRegex(@"PLAINTEXT://(\S+:\d+)")]
        private static partial Regex AdvertisedListener();

        [GeneratedRegex(@"--topic (\S+) --partitions (\d+)")]
        private static partial Regex TopicCreation();
    }
}
