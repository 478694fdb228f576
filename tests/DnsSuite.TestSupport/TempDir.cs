namespace DnsSuite.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted with its content on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the directory; <paramref name="prefix"/> appears in its name to help debugging.</summary>
    public TempDir(string prefix = "dnssuite")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>The absolute path of <paramref name="relativePath"/> inside this directory.</summary>
    public string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes <paramref name="content"/> to a file in this directory and returns its path.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A process that was just killed may still release a file; leaving a temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
