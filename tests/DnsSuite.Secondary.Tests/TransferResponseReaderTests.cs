using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using static DnsSuite.TestSupport.Records;

namespace DnsSuite.Secondary.Tests;

[TestFixture]
public sealed class TransferResponseReaderTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.");

    [Test]
    public void Ixfr_LoneSoaNotNewer_IsUpToDate()
    {
        var reader = new TransferResponseReader(Origin, 5);

        reader.ReadMessage([Soa(5)]);

        reader.IsComplete.ShouldBeTrue();
        reader.GetResponse().IsUpToDate.ShouldBeTrue();
    }

    [Test]
    public void Ixfr_LoneNewerSoaThenTheEnd_IsMalformed()
    {
        var reader = new TransferResponseReader(Origin, 5);

        reader.ReadMessage([Soa(6)]);

        reader.IsComplete.ShouldBeFalse();
        Should.Throw<TransferException>(reader.GetResponse).Kind.ShouldBe(TransferFailureKind.Malformed);
    }

    [Test]
    public void Ixfr_Condensed_IsOneStep()
    {
        var reader = new TransferResponseReader(Origin, 5);

        reader.ReadMessage([Soa(7), Soa(5), Rr("a.example. 60 IN A 192.0.2.1"), Soa(7)]);
        reader.ReadMessage([Rr("b.example. 60 IN A 192.0.2.2"), Soa(7)]);

        IxfrDiff step = reader.GetResponse().Diffs.ShouldHaveSingleItem();
        step.Removed.ShouldHaveSingleItem().Name.ShouldBe(DomainName.Parse("a.example."));
        step.Added.ShouldHaveSingleItem().Name.ShouldBe(DomainName.Parse("b.example."));
    }

    [Test]
    public void Ixfr_SecondRecordNotSoa_IsAWholeZone()
    {
        var reader = new TransferResponseReader(Origin, 5);

        reader.ReadMessage([Soa(7), Rr("example. 60 IN NS ns.example."), Soa(7)]);

        reader.GetResponse().FullZone!.Count.ShouldBe(2);
    }

    [Test]
    public void Ixfr_HistoryFromAnotherSerial_IsMalformed() =>
        Should.Throw<TransferException>(() => new TransferResponseReader(Origin, 5).ReadMessage([Soa(7), Soa(4)])).Kind.ShouldBe(TransferFailureKind.Malformed);

    [Test]
    public void Axfr_FirstRecordNotSoa_IsMalformed() =>
        Should.Throw<TransferException>(() => new TransferResponseReader(Origin, null).ReadMessage([Rr("example. 60 IN NS ns.example.")])).Kind.ShouldBe(TransferFailureKind.Malformed);

    [Test]
    public void Axfr_RecordsAfterTheClosingSoa_AreMalformed() =>
        Should.Throw<TransferException>(() => new TransferResponseReader(Origin, null).ReadMessage([Soa(1), Rr("example. 60 IN NS ns.example."), Soa(1), Soa(1)]))
            .Kind.ShouldBe(TransferFailureKind.Malformed);

    [Test]
    public void ApplyFull_WithAnInvalidZone_IsInvalid() =>
        Should.Throw<TransferException>(() => TransferApplier.ApplyFull(Origin, [Soa(1), Rr("www.example. 60 IN A 192.0.2.1")], OversizedRRset.DefaultLimit))
            .Kind.ShouldBe(TransferFailureKind.Invalid);

    [Test]
    public void ApplyDiffs_StepThatDoesNotChain_IsInconsistent()
    {
        ZoneVersion current = ZoneVersion.Create(Origin, [Soa(5), Rr("example. 60 IN NS ns.example."), Rr("ns.example. 60 IN A 192.0.2.1")]);

        Should.Throw<TransferException>(() => TransferApplier.ApplyDiffs(current, [new IxfrDiff(Soa(4), [], Soa(6), [])], OversizedRRset.DefaultLimit))
            .Kind.ShouldBe(TransferFailureKind.Inconsistent);
    }

    private static ResourceRecord Soa(uint serial) => Rr($"example. 60 IN SOA ns.example. admin.example. {serial} 100 50 1000 60");
}
