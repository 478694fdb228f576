using DnsSuite.Zones;

namespace DnsSuite.Observability;

/// <summary>One zone in the <c>/zones</c> JSON view; <paramref name="LastError"/> is the zone's last problem and when (null: none yet), e.g. a refused transfer.</summary>
public sealed record ZoneStatusView(string Zone, uint Serial, int Records, string Status, string Role, ZoneProblem? LastError = null);
