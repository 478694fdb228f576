namespace DnsSuite.Secondary;

/// <summary>One zone this server is a secondary for.</summary>
public sealed class SecondaryZoneOptions
{
    /// <summary>The zone apex, e.g. <c>example.com.</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The primaries, tried in this order.</summary>
    public List<PrimaryOptions> Primaries { get; set; } = [];

    /// <summary>Replaces <see cref="SecondaryOptions.ForwardUpdates"/> for this zone when set.</summary>
    public bool? ForwardUpdates { get; set; }
}
