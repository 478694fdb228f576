using System.Text.Json;

namespace DnsSuite.TestSupport.Containers;

/// <summary>A compose file, parsed as YAML (python3-yaml: anchors and merge keys resolved) into JSON.</summary>
public sealed class ComposeFile
{
    private ComposeFile(string path, JsonElement root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    /// <summary>The folder relative paths (bind mounts, the build context) start from.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public JsonElement Root { get; }

    public JsonElement Services => Root.GetProperty("services");

    public static async Task<ComposeFile> LoadAsync(string path)
    {
        ToolResult json = await ExternalTool.RunAsync(
            "python3",
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
            path).ConfigureAwait(false);
        json.EnsureSuccess();
        using JsonDocument document = JsonDocument.Parse(json.StdOut);
        return new ComposeFile(path, document.RootElement.Clone());
    }

    public JsonElement Service(string name) => Services.GetProperty(name);

    /// <summary>The service's <c>command</c>, which this repository writes as a list.</summary>
    public string[] Command(string service) => [.. Service(service).GetProperty("command").EnumerateArray().Select(a => a.GetString()!)];

    /// <summary>The service's <c>environment</c> (a mapping), empty when it has none.</summary>
    public Dictionary<string, string> Environment(string service) =>
        Service(service).TryGetProperty("environment", out JsonElement environment)
            ? environment.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.ToString(), StringComparer.Ordinal)
            : [];

    /// <summary>The service's fixed IPv4 address on its first network.</summary>
    public string Address(string service) =>
        Service(service).GetProperty("networks").EnumerateObject().First().Value.GetProperty("ipv4_address").GetString()!;

    /// <summary>The service's volumes as (source, target): a named volume's name, or a bind mount's path below <see cref="Directory"/>.</summary>
    public IReadOnlyList<(string Source, string Target)> Volumes(string service) =>
        Service(service).TryGetProperty("volumes", out JsonElement volumes)
            ? [.. volumes.EnumerateArray().Select(v => v.GetString()!.Split(':')).Select(parts => (
                parts[0].StartsWith("./", StringComparison.Ordinal) ? System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, parts[0])) : parts[0],
                parts[1]))]
            : [];
}
