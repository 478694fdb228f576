namespace DnsSuite.Primary.Seeding;

/// <summary>The content of <c>seeded-files.json</c>: every zone file the seeder has written into the log, by file name.</summary>
public sealed record SeedState
{
    public int Version { get; init; } = 1;

    public required IReadOnlyList<SeededFile> Files { get; init; }
}
