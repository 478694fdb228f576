using DnsSuite.ChangeLog;
using DnsSuite.Protocol;

namespace DnsSuite.Primary.Seeding;

/// <summary>One message the seeder appended for <paramref name="File"/>, and where the log put it.</summary>
public sealed record SeedResult(string File, DomainName Zone, SeedAction Action, LogPosition Position);
