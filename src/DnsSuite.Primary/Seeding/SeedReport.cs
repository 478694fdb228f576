namespace DnsSuite.Primary.Seeding;

/// <summary>The outcome of one pass over the zone folder: messages appended, files that could not be read, warnings.</summary>
public sealed record SeedReport(IReadOnlyList<SeedResult> Appended, IReadOnlyList<(string File, string Error)> Failed, IReadOnlyList<string> Warnings, int Unchanged);
