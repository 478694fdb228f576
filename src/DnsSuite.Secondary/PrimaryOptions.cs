namespace DnsSuite.Secondary;

/// <summary>A primary server of a secondary zone.</summary>
public sealed class PrimaryOptions
{
    /// <summary>IP:PORT (IPv6 as [addr]:PORT).</summary>
    public string? Address { get; set; }

    /// <summary>
    /// The name of the TSIG key (from <see cref="SecondaryOptions.KeyFile"/>) that signs requests to this primary; every
    /// answer must then verify, and a NOTIFY from this primary must be signed with it. Null: unsigned.
    /// </summary>
    public string? Key { get; set; }
}
