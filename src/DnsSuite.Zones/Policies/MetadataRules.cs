using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Policies;

/// <summary>What a zone's change-log metadata names for its policies: a transfer ACL, a TSIG key for transfers and NOTIFY, further NOTIFY targets.</summary>
public sealed record MetadataRules(string? TransferAcl, DomainName? TransferKey, IReadOnlyList<IPEndPoint> AlsoNotify);
