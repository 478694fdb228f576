namespace DnsSuite.Server.Transfer;

/// <summary>One zone's entry under <c>Transfers:Zones</c>.</summary>
public sealed class ZoneTransferOptions
{
    /// <summary>Replaces <see cref="TransferOptions.AllowTransfer"/> for this zone when set (an empty list refuses all), and the ACL the zone's change-log metadata names too.</summary>
    public List<string>? AllowTransfer { get; set; }
}
