namespace DnsSuite.Zones;

/// <summary>How the last NOTIFY to one target went: the serial it carried, its outcome (acknowledged, an RCODE, no answer), and when.</summary>
public sealed record NotifyResult(uint Serial, string Outcome, DateTimeOffset At);
