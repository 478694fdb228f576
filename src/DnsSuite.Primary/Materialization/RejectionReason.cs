namespace DnsSuite.Primary.Materialization;

/// <summary>Why a changes-topic record was not applied; the metric label of rejected records (docs/change-log.md lists each).</summary>
public enum RejectionReason
{
    /// <summary>Not JSON, a tombstone, or JSON that does not match the schema.</summary>
    InvalidJson,
    UnsupportedVersion,
    /// <summary>Schema-valid but not a valid message: no operations, a lifecycle operation beside others, a TTL above 2^31-1, ...</summary>
    InvalidMessage,
    KeyMismatch,
    UnknownZone,
    ZoneExists,
    /// <summary>A change for a zone arrived in another partition than the zone's (its order against the zone's other changes is undefined).</summary>
    WrongPartition,
    InvalidName,
    OutOfZone,
    /// <summary>An unknown type, RDATA that does not parse, or a type that cannot be zone data.</summary>
    InvalidRdata,
    InvalidZoneFile,
    CnameConflict,
    PrerequisiteFailed,
    ApexSoaDeletion,
    LastApexNs,
    ZoneValidation,
    /// <summary>An RRset would hold more records than the zone's <c>MaxRecordsPerRRset</c> (BIND's max-records-per-type).</summary>
    TooManyRecords,
}
