namespace DnsSuite.Zones.Updates;

/// <summary>
/// Where the request pipeline hands an authorized dynamic update of a zone it serves as primary. The processor owns
/// the zone's write path (for the change log: append, then wait for the deterministic apply) and says how it ended.
/// </summary>
public interface IUpdateProcessor
{
    /// <summary>
    /// Applies <paramref name="request"/> to <paramref name="zone"/> atomically (all of it or none) and returns the RCODE
    /// to answer: NoError, the RCODE of the first failed prerequisite (§3.2.5), NotAuth or NotZone, Refused, or ServFail
    /// when the outcome could not be learned in time.
    /// </summary>
    Task<UpdateOutcome> ProcessAsync(Zone zone, UpdateRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The outcome of the first of <paramref name="request"/>'s prerequisites that does not hold on the version of
    /// <paramref name="zone"/> served now (§3.2.5), or null when they all hold; its updates play no part. The pipeline
    /// asks this of the prerequisites that come before a malformed record, which decide the answer if one fails.
    /// </summary>
    UpdateOutcome? FirstFailedPrerequisite(Zone zone, UpdateRequest request);
}
