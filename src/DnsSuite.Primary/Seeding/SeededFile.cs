namespace DnsSuite.Primary.Seeding;

/// <summary>A zone file as it was last written into the log: its file name, its zone, and its content as canonical zone-file text.</summary>
public sealed record SeededFile(string File, string Zone, string Zonefile);
