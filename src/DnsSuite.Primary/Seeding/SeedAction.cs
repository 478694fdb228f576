namespace DnsSuite.Primary.Seeding;

/// <summary>What the seeder wrote into the log for one zone file.</summary>
public enum SeedAction
{
    /// <summary>CREATE_ZONE with the file's content: the zone was not in the log.</summary>
    Created,

    /// <summary>The records the file gained and lost since it was last seeded, as ADD/DEL/SET operations.</summary>
    Changed,

    /// <summary>REPLACE_ZONE: the zone was in the log but never seeded from this file, so the file takes over.</summary>
    Replaced,

    /// <summary>DELETE_ZONE: the file of a seeded zone is gone.</summary>
    Deleted,
}
