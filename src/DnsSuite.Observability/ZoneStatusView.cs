namespace DnsSuite.Observability;

/// <summary>One zone in the <c>/zones</c> JSON view.</summary>
public sealed record ZoneStatusView(string Zone, uint Serial, int Records, string Status, string Role);
