using System.Text.Json;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// interop/compose.yaml cannot be started here (no Docker engine): it is parsed as YAML (python3-yaml), its shape is
/// checked, and the BIND and Knot configurations it mounts are checked by named-checkconf and knotc.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string ComposeDirectory = Path.Combine(RepositoryPaths.Root, "interop");

    [Test]
    public async Task Compose_Parses_AndHasKafkaTopicsTwoPrimariesAndThreeSecondaries()
    {
        JsonElement services = (await ComposeAsync()).GetProperty("services");

        services.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["bind", "kafka", "knot", "primary1", "primary2", "secondary", "topics"]);
        services.GetProperty("kafka").GetProperty("environment").GetProperty("KAFKA_PROCESS_ROLES").GetString().ShouldBe("broker,controller");
        string topics = services.GetProperty("topics").GetProperty("command")[0].GetString()!;
        topics.ShouldContain("--topic dns.changes --partitions 6");
        topics.ShouldContain("--topic dns.snapshots --partitions 1 --replication-factor 1 --config cleanup.policy=compact");
        foreach (string primary in new[] { "primary1", "primary2" })
        {
            string[] command = [.. services.GetProperty(primary).GetProperty("command").EnumerateArray().Select(a => a.GetString()!)];
            command.ShouldBe(["primary", "--config", "/etc/dnssuite/dnssuite.json", "--zones", "/etc/dnssuite/zones", "--kafka", "kafka:9092"]);
        }

        services.GetProperty("secondary").GetProperty("command")[0].GetString().ShouldBe("secondary");
    }

    [Test]
    public async Task Compose_EveryMountedFileExists()
    {
        JsonElement services = (await ComposeAsync()).GetProperty("services");
        string[] mounted = [.. services.EnumerateObject()
            .Where(s => s.Value.TryGetProperty("volumes", out _))
            .SelectMany(s => s.Value.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()!.Split(':')[0]))
            .Where(source => source.StartsWith("./", StringComparison.Ordinal))];

        mounted.ShouldNotBeEmpty();
        mounted.ShouldAllBe(source => File.Exists(Path.Combine(ComposeDirectory, source)));
    }

    [Test]
    public async Task ComposeBindConfiguration_PassesNamedCheckconf()
    {
        ToolResult check = await ExternalTool.RunAsync("named-checkconf", Path.Combine(ComposeDirectory, "compose", "bind", "named.conf"));

        check.ExitCode.ShouldBe(0, check.ToString());
    }

    [Test]
    public async Task ComposeKnotConfiguration_PassesKnotcConfCheck()
    {
        using TempDir storage = new();
        string text = await File.ReadAllTextAsync(Path.Combine(ComposeDirectory, "compose", "knot", "knot.conf"));
        string config = storage.WriteFile("knot.conf", text.Replace("/storage", storage.Path, StringComparison.Ordinal));

        ToolResult check = await ExternalTool.RunAsync("knotc", "-c", config, "conf-check");

        check.ExitCode.ShouldBe(0, check.ToString());
    }

    private static async Task<JsonElement> ComposeAsync()
    {
        ToolResult json = await ExternalTool.RunAsync(
            "python3",
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
            Path.Combine(ComposeDirectory, "compose.yaml"));
        json.ExitCode.ShouldBe(0, json.ToString());
        using JsonDocument document = JsonDocument.Parse(json.StdOut);
        return document.RootElement.Clone();
    }
}
