using DnsSuite.Zones;

namespace DnsSuite.Server.Transfer;

/// <summary>The encoded messages of one version's AXFR; shared by every transfer of that version.</summary>
internal sealed record EncodedTransfer(ZoneVersion Version, IReadOnlyList<byte[]> Messages);
