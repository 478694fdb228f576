namespace DnsSuite.ChangeLog.Contract;

/// <summary>Name is in use: it owns at least one RR of any type (RFC 2136 §2.4.4); else NXDOMAIN.</summary>
public sealed record NameInUsePrerequisite : Prerequisite;
