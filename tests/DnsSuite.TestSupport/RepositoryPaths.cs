namespace DnsSuite.TestSupport;

/// <summary>Finds files of this repository (the sample configuration) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleZones => Path.Combine(Root, "conf", "zones");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DnsSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"DnsSuite.sln not found above {AppContext.BaseDirectory}");
    }
}
