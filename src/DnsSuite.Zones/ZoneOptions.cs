using DnsSuite.Zones.Journal;

namespace DnsSuite.Zones;

/// <summary>What a <see cref="Zone"/> is made with: how much IXFR history its journal keeps, and the clock its events run on.</summary>
public sealed record ZoneOptions
{
    public static ZoneOptions Default { get; } = new();

    /// <summary>The bounds of the zone's journal (<see cref="Zone.Journal"/>).</summary>
    public JournalOptions Journal { get; init; } = new();

    /// <summary>The clock of the zone's events (<see cref="Zone.Events"/>) and health.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
