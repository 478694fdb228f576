using System.Text.Json;

namespace DnsSuite.TestSupport.Containers;

/// <summary>
/// What a Dockerfile's last stage says about the image it builds, read from the file itself, so that tests which run the
/// image's commands outside a container (no engine runs here) cannot drift from it.
/// </summary>
public sealed class DockerfileImage
{
    private readonly string directory;

    private DockerfileImage(string path)
    {
        directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string[] lines = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();
        int from = Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal));
        RuntimeStage = lines[from..];
    }

    /// <summary>This repository's Dockerfile.</summary>
    public static DockerfileImage Repository { get; } = new(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    /// <summary>The lines of the last stage (continuation lines joined, comments left out), its FROM first.</summary>
    public IReadOnlyList<string> RuntimeStage { get; }

    /// <summary>Every <c>ENV KEY=VALUE ...</c> of the stage (values without spaces, as this Dockerfile writes them).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        RuntimeStage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'), StringComparer.Ordinal);

    /// <summary>The JSON array of the instruction (<c>CMD</c>, <c>ENTRYPOINT</c>; for <c>HEALTHCHECK</c> the array after its <c>CMD</c>).</summary>
    public string[] JsonArray(string instruction)
    {
        string line = RuntimeStage.Single(l => l.StartsWith(instruction + " ", StringComparison.Ordinal));
        string json = instruction == "HEALTHCHECK" ? line[(line.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..] : line[(instruction.Length + 1)..];
        return JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException($"Dockerfile: {instruction} is not a JSON array");
    }

    /// <summary>A path inside the image, as the folder of the build context that one of the stage's COPY lines puts there.</summary>
    public string HostPath(string imagePath)
    {
        foreach (string copy in RuntimeStage.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            string[] parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (imagePath.StartsWith(parts[2], StringComparison.Ordinal))
            {
                return Path.Combine(directory, parts[1]) + imagePath[parts[2].Length..];
            }
        }

        return imagePath;
    }
}
