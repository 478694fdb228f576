namespace DnsSuite.Server.Update;

/// <summary>One zone's entry under <c>Update:Zones</c>; what is null falls back to the global setting.</summary>
public sealed class ZoneUpdateOptions
{
    public List<string>? Policy { get; set; }

    public List<string>? AllowFrom { get; set; }

    public bool? RequireTsig { get; set; }
}
