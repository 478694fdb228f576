using DnsSuite.Protocol.Records;

namespace DnsSuite.Secondary.Transfer;

/// <summary>
/// What a complete AXFR or IXFR answer says: the whole zone (<see cref="FullZone"/>, from AXFR or an AXFR-style IXFR),
/// a history of differences (<see cref="Diffs"/>), or, for IXFR, that we are up to date (both null).
/// </summary>
internal sealed record TransferResponse(IReadOnlyList<ResourceRecord>? FullZone, IReadOnlyList<IxfrDiff>? Diffs, int MessageCount)
{
    public bool IsUpToDate => FullZone is null && Diffs is null;
}
