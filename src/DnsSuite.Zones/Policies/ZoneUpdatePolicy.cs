namespace DnsSuite.Zones.Policies;

/// <summary>Who may update a zone (RFC 3007 §4): TSIG when required, an address allow list when set, and rules in order, the first match deciding.</summary>
/// <param name="AllowFrom">Where updates may come from; null: anywhere.</param>
public sealed record ZoneUpdatePolicy(IReadOnlyList<UpdateRule> Rules, AccessList? AllowFrom, bool RequireTsig);
