using DnsSuite.ChangeLog;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// A changes-topic record and what decoding it gave (<see cref="ChangeApplier.TryDecode"/>): the change, or why it is
/// rejected. Decoding needs nothing but the record, so the ingestor does it on a thread of its own, ahead of applying.
/// </summary>
public readonly record struct DecodedRecord(LogRecord Record, DecodedChange? Change, ChangeRejected? Rejection)
{
    public static DecodedRecord Decode(LogRecord record) =>
        ChangeApplier.TryDecode(record.Key, record.Value, out DecodedChange? change, out ChangeRejected? rejection)
            ? new DecodedRecord(record, change, null)
            : new DecodedRecord(record, null, rejection);
}
