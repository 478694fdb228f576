using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Primary.Updates;

/// <summary>The RCODE (RFC 2136 §2.2, §3.8) that answers an UPDATE whose change message had this outcome.</summary>
public static class UpdateResponseCodes
{
    private static readonly UpdateOutcome Applied = new(ResponseCode.NoError, "applied");
    private static readonly UpdateOutcome Unchanged = new(ResponseCode.NoError, "applied; nothing changed");

    /// <param name="result">What the apply returned; null when the record was skipped (the zone is stale) or the apply failed.</param>
    public static UpdateOutcome For(ApplyResult? result) => result switch
    {
        ChangeApplied => Applied,
        NoChange => Unchanged,
        ChangeRejected { Prerequisite: { } failed } rejected => new(failed.ResponseCode, rejected.Message),
        ChangeRejected rejected => new(For(rejected.Reason), $"{rejected.Reason}: {rejected.Message}"),
        null => new(ResponseCode.ServFail, "the zone is stale or the apply failed (see the log)"),
        _ => new(ResponseCode.ServFail, $"unexpected outcome {result.GetType().Name}"),
    };

    private static ResponseCode For(RejectionReason reason) => reason switch
    {
        RejectionReason.UnknownZone => ResponseCode.NotAuth,
        RejectionReason.OutOfZone => ResponseCode.NotZone,
        RejectionReason.InvalidJson or RejectionReason.InvalidMessage or RejectionReason.InvalidName or RejectionReason.InvalidRdata => ResponseCode.FormErr,
        RejectionReason.CnameConflict or RejectionReason.ApexSoaDeletion or RejectionReason.LastApexNs or RejectionReason.ZoneValidation => ResponseCode.Refused,
        // BIND 9.18.28 and later answer SERVFAIL ("too many records") for an update that would exceed max-records-per-type.
        RejectionReason.TooManyRecords => ResponseCode.ServFail,
        _ => ResponseCode.ServFail,
    };
}
