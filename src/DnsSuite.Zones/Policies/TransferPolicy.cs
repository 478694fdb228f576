using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Policies;

/// <summary>
/// Who may transfer a zone: a request verified with <see cref="RequiredKey"/> when one is required, then matched
/// against <see cref="List"/>. A rule that names something the configuration lacks (<see cref="KeyProblem"/>,
/// <see cref="ListProblem"/>) refuses every transfer, never falling back to a more permissive list.
/// </summary>
/// <param name="List">The allow list that decides.</param>
/// <param name="Refusal">Why a request the list does not match is refused (naming the list).</param>
public sealed record TransferPolicy(AccessList List, string Refusal)
{
    /// <summary>The TSIG key every transfer of the zone must be verified with; null: any, as the list says.</summary>
    public DomainName? RequiredKey { get; init; }

    /// <summary>Why no transfer is allowed because of the required key (it is not in the keys file); null: none.</summary>
    public string? KeyProblem { get; init; }

    /// <summary>Why no transfer is allowed because of the list (the ACL named is not configured); null: none.</summary>
    public string? ListProblem { get; init; }

    /// <param name="keyName">The TSIG key the request was verified with; null when unsigned.</param>
    public bool Allows(IPAddress address, DomainName? keyName, [NotNullWhen(false)] out string? refusal)
    {
        refusal = KeyProblem
            ?? (RequiredKey is { } required && keyName != required ? $"the zone's metadata requires TSIG key '{required}'" : null)
            ?? ListProblem
            ?? (List.Allows(address, keyName) ? null : Refusal);
        return refusal is null;
    }
}
