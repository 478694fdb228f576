namespace DnsSuite.ChangeLog.Contract;

/// <summary>Name is not in use: it owns no RR (RFC 2136 §2.4.5); else YXDOMAIN.</summary>
public sealed record NameNotInUsePrerequisite : Prerequisite;
