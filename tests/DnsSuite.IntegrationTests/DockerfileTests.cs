using System.Globalization;
using System.Text.RegularExpressions;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Containers;
using DnsSuite.TestSupport.Network;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// No Docker engine runs here, so the image is rebuilt from what its Dockerfile says, outside a container: the CMD and
/// HEALTHCHECK read from the Dockerfile run with the files its COPY lines put in the image, its ENV defaults, the
/// executable given the capability its RUN line gives it, as the user it creates, in a network namespace of their own
/// (as a container has: there, ports below 1024 need root or CAP_NET_BIND_SERVICE). The Dockerfile and what is tested
/// cannot drift apart.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string ImageData = "/var/lib/dnssuite";
    private static readonly DockerfileImage Image = DockerfileImage.Repository;

    [Test]
    public void Dockerfile_RuntimeStage_IsDotnet10AspNet_InstallsNothingForKafka_AndRunsAsNonRootWithTheBindCapability()
    {
        IReadOnlyList<string> runtime = Image.RuntimeStage;

        runtime[0].ShouldBe("FROM mcr.microsoft.com/dotnet/aspnet:10.0");
        string.Join('\n', runtime).ShouldNotContain("librdkafka", customMessage: "the Kafka client's native library comes with its NuGet package");
        SetcapCommand().ShouldBe(("cap_net_bind_service=+ep", "/app/dnssuite"));
        runtime.ShouldContain("USER dnssuite");
        runtime.ShouldContain("EXPOSE 53/udp 53/tcp 8053/tcp");
        Image.JsonArray("ENTRYPOINT").ShouldBe(["dnssuite"]);
        Image.Environment["DNSSUITE_DEFAULT__Server__Listen__0"].ShouldBe("0.0.0.0:53");
    }

    [Test]
    public async Task DockerfileCommand_AsTheImageUser_WithoutUnprivilegedPortSysctl_ServesPort53OnEveryAddress_AndItsHealthcheckPasses()
    {
        (string capability, string imageExecutable) = SetcapCommand();
        int user = int.Parse(UserId().Match(string.Join('\n', Image.RuntimeStage)).Groups[1].Value, CultureInfo.InvariantCulture);
        using TempDir app = ImageApplicationFolder(Path.GetFileName(imageExecutable));
        ExternalTool.Run("setcap", [capability, app.Combine(Path.GetFileName(imageExecutable))]).EnsureSuccess();
        using TempDir data = new();
        ExternalTool.Run("chown", [$"{user}:{user}", data.Path]).EnsureSuccess();
        Dictionary<string, string> environment = Image.Environment
            .Where(variable => variable.Key != "PATH")
            .ToDictionary(variable => variable.Key, variable => variable.Value.Replace(ImageData, data.Path, StringComparison.Ordinal));
        string[] command = [.. Image.JsonArray("CMD").Select(Image.HostPath)];
        string[] healthcheck = Image.JsonArray("HEALTHCHECK");
        using NetworkLab lab = new();
        LabHost server = lab.AddHost("dnssuite", "172.28.0.11");
        LabHost client = lab.AddHost("client", "172.28.0.100");
        (await server.RunAsync("sysctl", ["-n", "net.ipv4.ip_unprivileged_port_start"])).StdOut.Trim().ShouldBe("1024");
        var launcher = new DnsSuiteLauncher { Prefix = server.Exec, Executable = app.Combine(Path.GetFileName(imageExecutable)), UserId = user };

        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(launcher, command, environment);

        primary.UdpEndPoint.ToString().ShouldBe("0.0.0.0:53");
        primary.TcpEndPoint.ToString().ShouldBe("0.0.0.0:53");
        ToolResult soa = await client.RunAsync("dig", ["@172.28.0.11", "+short", "+tries=1", "+time=5", "example.com.", "SOA"]);
        soa.StdOut.ShouldStartWith("ns1.example.com. hostmaster.example.com. ", customMessage: $"{soa}\n{primary}");
        healthcheck[0].ShouldBe("dnssuite");
        (int exitCode, string stdout, string stderr) = await DnsSuiteProcess.RunAsync(launcher with { UserId = null }, healthcheck[1..]);
        exitCode.ShouldBe(0, $"{stdout}\n{stderr}\n{primary}");
        stdout.ShouldContain("200 ready: serving 2 zones");
        primary.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.StartsWith('{'), "the image logs JSON lines");
        File.Exists(Path.Combine(data.Path, "seeded-files.json")).ShouldBeTrue("the primary's state goes to the image's volume");
    }

    [Test]
    public async Task ImageDefaults_LieBelowAMountedConfigurationFile_WhichKeepsThemForKeysItLeavesOut()
    {
        int imageDefault = FreePort.Next();
        int configured = FreePort.Next();
        using TempDir dir = new();
        string without = dir.WriteFile("without.json", """{ "Logging": { "LogLevel": { "Default": "Warning" } } }""");
        string with = dir.WriteFile("with.json", $$"""{ "Server": { "Listen": [ "127.0.0.1:{{configured}}" ] } }""");
        var environment = new Dictionary<string, string>
        {
            ["DNSSUITE_DEFAULT__Server__Listen__0"] = $"127.0.0.1:{imageDefault}",
            ["DNSSUITE_DEFAULT__Http__Listen"] = "off",
            ["DNSSUITE_DEFAULT__ChangeLog__DataDirectory"] = dir.Combine("data"),
        };

        using (DnsSuiteProcess keeps = await DnsSuiteProcess.StartAsync(["primary", "--config", without], environment))
        {
            keeps.UdpEndPoint.Port.ShouldBe(imageDefault);
            keeps.HttpEndPoint.ShouldBeNull();
        }

        using DnsSuiteProcess overrides = await DnsSuiteProcess.StartAsync(["primary", "--config", with], environment);
        overrides.UdpEndPoint.Port.ShouldBe(configured);
        Directory.Exists(dir.Combine("data")).ShouldBeTrue("a default the file does not set still applies");
    }

    [Test]
    public async Task HealthCommand_WhenNothingListens_FailsWithTheReason()
    {
        string http = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(["health", "--http", http]);

        exitCode.ShouldBe(1);
        stderr.ShouldStartWith($"dnssuite health: http://{http}/readyz: ");
    }

    private static (string Capability, string Path) SetcapCommand()
    {
        Match setcap = Setcap().Match(string.Join('\n', Image.RuntimeStage.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal))));
        setcap.Success.ShouldBeTrue("the runtime stage gives the executable a file capability");
        return (setcap.Groups[1].Value, setcap.Groups[2].Value);
    }

    /// <summary>
    /// The image's /app: this test's output folder (the built dnssuite with its dependencies and the Kafka client's native
    /// builds), its files linked, and the executable copied, so that it can carry a capability of its own.
    /// </summary>
    private static TempDir ImageApplicationFolder(string executable)
    {
        TempDir app = new("dnssuite-app");
        ExternalTool.Run("chmod", ["755", app.Path]).EnsureSuccess();
        foreach (string entry in Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory).Where(e => Path.GetFileName(e) != executable))
        {
            File.CreateSymbolicLink(app.Combine(Path.GetFileName(entry)), entry);
        }

        File.Copy(Path.Combine(AppContext.BaseDirectory, executable), app.Combine(executable));
        return app;
    }

    [GeneratedRegex(@"setcap (\S+) (/\S+)")]
    private static partial Regex Setcap();

    [GeneratedRegex(@"useradd .*--uid (\d+)")]
    private static partial Regex UserId();
}
