using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// The first prerequisite that did not hold, at <paramref name="Index"/> in the message, and the RCODE an
/// RFC 2136 UPDATE answers for it (§3.2.1, §3.2.2: YXDOMAIN, NXDOMAIN, YXRRSET or NXRRSET).
/// </summary>
public sealed record FailedPrerequisite(int Index, Prerequisite Prerequisite, ResponseCode ResponseCode);
