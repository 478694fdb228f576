using System.Globalization;
using System.Text.Json;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// No Docker engine runs here, so the image's commands are checked outside a container: the CMD and HEALTHCHECK read from
/// the Dockerfile itself are run with the files the Dockerfile copies, on loopback high ports (set the way an operator
/// would, by DNSSUITE__ variables), so the Dockerfile and what is tested cannot drift apart.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string DockerfileText = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    [Test]
    public void Dockerfile_RuntimeStage_IsTheAspNetImage_RunsAsNonRoot_AndExposesDnsAndHttp()
    {
        string[] runtime = RuntimeStage();

        runtime[0].ShouldBe("FROM mcr.microsoft.com/dotnet/aspnet:10.0");
        runtime.ShouldContain(line => line.Contains("apt-get install -y --no-install-recommends librdkafka1", StringComparison.Ordinal));
        runtime.ShouldContain("USER dnssuite");
        runtime.ShouldContain("EXPOSE 53/udp 53/tcp 8053/tcp");
        JsonArray(runtime, "ENTRYPOINT ").ShouldBe(["dnssuite"]);
    }

    [Test]
    public async Task DockerfileCommand_StartsAPrimaryThatServesTheImageZones_AndItsHealthcheckPasses()
    {
        string[] runtime = RuntimeStage();
        string[] command = [.. JsonArray(runtime, "CMD ").Select(arg => HostPath(runtime, arg))];
        string[] healthcheck = JsonArray(runtime, "HEALTHCHECK ", afterCmd: true);
        healthcheck[0].ShouldBe("dnssuite");
        using TempDir data = new();
        int httpPort = FreePort.Next();
        string http = $"127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";

        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(command, new Dictionary<string, string>
        {
            ["DNSSUITE__Server__Listen__0"] = "127.0.0.1:0",
            ["DNSSUITE__Http__Listen"] = http,
            ["DNSSUITE__ChangeLog__DataDirectory"] = data.Path,
        });
        (int exitCode, string stdout, string stderr) = await DnsSuiteProcess.RunAsync([.. healthcheck[1..].Select(arg => arg.Replace("127.0.0.1:8053", http, StringComparison.Ordinal))]);

        exitCode.ShouldBe(0, $"{stdout}\n{stderr}\n{primary}");
        stdout.ShouldContain("200 ready: serving 2 zones");
        primary.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.StartsWith('{'), "the image logs JSON lines");
    }

    [Test]
    public async Task HealthCommand_WhenNothingListens_FailsWithTheReason()
    {
        string http = $"127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(["health", "--http", http]);

        exitCode.ShouldBe(1);
        stderr.ShouldStartWith($"dnssuite health: http://{http}/readyz: ");
    }

    /// <summary>The lines of the last stage, continuation lines joined.</summary>
    private static string[] RuntimeStage()
    {
        string[] lines = DockerfileText.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();
        int from = Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal));
        return lines[from..];
    }

    private static string[] JsonArray(string[] stage, string instruction, bool afterCmd = false)
    {
        string line = stage.Single(l => l.StartsWith(instruction, StringComparison.Ordinal));
        string json = afterCmd ? line[(line.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..] : line[instruction.Length..];
        return JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException($"Dockerfile: {instruction}is not a JSON array");
    }

    /// <summary>A path inside the image, as the folder of this repository that the Dockerfile's COPY puts there.</summary>
    private static string HostPath(string[] stage, string arg)
    {
        foreach (string copy in stage.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            string[] parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (arg.StartsWith(parts[2], StringComparison.Ordinal))
            {
                return Path.Combine(RepositoryPaths.Root, parts[1]) + arg[parts[2].Length..];
            }
        }

        return arg;
    }
}
