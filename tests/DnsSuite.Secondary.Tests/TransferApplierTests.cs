using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Secondary.Transfer;
using DnsSuite.TestSupport;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Tests;

/// <summary>A secondary holds to the zone rules whatever a primary sends: no RRset that DNS cannot carry, none over the record limit.</summary>
public sealed class TransferApplierTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.");

    [Test]
    public void Axfr_WithAnRRsetTooLargeForOneMessage_IsRejectedNamingTheRRset()
    {
        // Six TXT records of 45 strings of 255 octets: each fits a message, together they cannot be answered or sent.
        string strings = string.Join(' ', Enumerable.Repeat(new string('x', 255), 45));
        ResourceRecord[] records =
        [
            Records.Rr("example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300"),
            Records.Rr("example. 3600 IN NS ns1.example."),
            Records.Rr("ns1.example. 3600 IN A 192.0.2.53"),
            .. Enumerable.Range(0, 6).Select(i => Records.Rr($"big.example. 300 IN TXT {i} {strings}")),
        ];

        TransferException error = Should.Throw<TransferException>(() => TransferApplier.ApplyFull(Origin, records, OversizedRRset.DefaultLimit));

        error.Kind.ShouldBe(TransferFailureKind.Invalid);
        error.Message.ShouldContain("big.example. TXT: the RRset of 6 records takes");
    }

    [Test]
    public void Axfr_WithAnRRsetOverTheRecordLimit_IsRejectedNamingTheRRsetAndItsCount()
    {
        TransferException error = Should.Throw<TransferException>(() => TransferApplier.ApplyFull(Origin, [.. Apex(), .. ARecords("big.example.", 101)], 100));

        error.Kind.ShouldBe(TransferFailureKind.Invalid);
        error.Message.ShouldContain("big.example. A: the RRset would hold 101 records, more than the 100 one RRset may hold");
    }

    [Test]
    public void Axfr_AtTheRecordLimitOrWithoutOne_IsTaken()
    {
        TransferApplier.ApplyFull(Origin, [.. Apex(), .. ARecords("big.example.", 100)], 100).RecordCount.ShouldBe(103);
        TransferApplier.ApplyFull(Origin, [.. Apex(), .. ARecords("big.example.", 500)], OversizedRRset.Unlimited).RecordCount.ShouldBe(503);
    }

    [Test]
    public void Ixfr_WhoseStepGrowsAnRRsetOverTheRecordLimit_IsRejected_AndAStepThatOnlyShrinksAnOversizedOneIsTaken()
    {
        ZoneVersion current = ZoneVersion.Create(Origin, [.. Apex(), .. ARecords("big.example.", 100)]);
        var grow = new IxfrDiff(Soa(1), [], Soa(2), [Records.Rr("big.example. 300 IN A 10.0.1.1")]);
        TransferException error = Should.Throw<TransferException>(() => TransferApplier.ApplyDiffs(current, [grow], 100));
        error.Kind.ShouldBe(TransferFailureKind.Invalid);
        error.Message.ShouldContain("step 1 -> 2 yields an invalid zone: big.example. A: the RRset would hold 101 records");

        // Over a lowered limit already (50), a step that removes a record is taken: shrinking is never blocked.
        var shrink = new IxfrDiff(Soa(1), [Records.Rr("big.example. 300 IN A 10.0.0.1")], Soa(2), []);
        TransferApplier.ApplyDiffs(current, [shrink], 50).Version.RecordCount.ShouldBe(102);
    }

    private static ResourceRecord Soa(uint serial) => Records.Rr($"example. 3600 IN SOA ns1.example. hostmaster.example. {serial} 7200 900 1209600 300");

    private static ResourceRecord[] Apex() => [Soa(1), Records.Rr("example. 3600 IN NS ns1.example."), Records.Rr("ns1.example. 3600 IN A 192.0.2.53")];

    private static IEnumerable<ResourceRecord> ARecords(string owner, int count) =>
        Enumerable.Range(0, count).Select(i => Records.Rr($"{owner} 300 IN A 10.0.{i / 250}.{i % 250 + 1}"));
}
