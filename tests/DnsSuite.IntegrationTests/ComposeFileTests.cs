using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Containers;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// interop/compose.yaml cannot be started here (no Docker engine): it is parsed, its shape is checked, and the BIND and
/// Knot configurations it mounts are checked by named-checkconf and knotc. Its services' commands run, each in a network
/// namespace of its own, in interop/DnsSuite.InteropTests/Fleet/ComposeFleetTests.cs.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string ComposeDirectory = Path.Combine(RepositoryPaths.Root, "interop");

    [Test]
    public async Task Compose_Parses_AndHasKafkaTopicsTwoPrimariesAndThreeSecondaries()
    {
        ComposeFile compose = await ComposeAsync();

        compose.Services.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["bind", "kafka", "knot", "primary1", "primary2", "secondary", "topics"]);
        compose.Environment("kafka")["KAFKA_PROCESS_ROLES"].ShouldBe("broker,controller");
        string topics = compose.Command("topics")[0];
        topics.ShouldContain("--topic dns.changes --partitions 6");
        topics.ShouldContain("--topic dns.snapshots --partitions 1 --replication-factor 1 --config cleanup.policy=compact");
        foreach (string primary in new[] { "primary1", "primary2" })
        {
            compose.Command(primary).ShouldBe(["primary", "--config", "/etc/dnssuite/dnssuite.json", "--zones", "/etc/dnssuite/zones", "--kafka", "kafka:9092"]);
        }

        compose.Command("secondary")[0].ShouldBe("secondary");
    }

    [Test]
    public async Task Compose_KeepsKafkasLogOnANamedVolume_AndCreatesTopicsOnlyIfTheyDoNotExist()
    {
        ComposeFile compose = await ComposeAsync();

        compose.Service("kafka").GetProperty("image").GetString().ShouldStartWith("apache/kafka:4.");
        string logDirectory = compose.Environment("kafka")["KAFKA_LOG_DIRS"];
        compose.Volumes("kafka").ShouldContain(("kafka-data", logDirectory));
        compose.Environment("kafka").ShouldContainKey("CLUSTER_ID");
        string topics = compose.Command("topics")[0];
        topics.Split("--create").Skip(1).ShouldAllBe(create => create.TrimStart().StartsWith("--if-not-exists", StringComparison.Ordinal));
        string[] declared = [.. compose.Root.GetProperty("volumes").EnumerateObject().Select(v => v.Name)];
        foreach (string service in new[] { "kafka", "primary1", "primary2", "secondary", "bind", "knot" })
        {
            compose.Volumes(service).Where(v => !v.Source.StartsWith('/')).ShouldAllBe(v => declared.Contains(v.Source), $"{service}'s state is on a named volume");
            compose.Volumes(service).ShouldContain(v => !v.Source.StartsWith('/'), $"{service} keeps its state across down and up");
        }
    }

    [Test]
    public async Task Compose_EveryMountedFileExists()
    {
        ComposeFile compose = await ComposeAsync();
        string[] mounted = [.. compose.Services.EnumerateObject().SelectMany(s => compose.Volumes(s.Name)).Select(v => v.Source).Where(source => source.StartsWith('/'))];

        mounted.ShouldNotBeEmpty();
        mounted.ShouldAllBe(source => File.Exists(source));
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

    private static Task<ComposeFile> ComposeAsync() => ComposeFile.LoadAsync(Path.Combine(ComposeDirectory, "compose.yaml"));
}
