using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Updates;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Primary.Tests.Updates;

public class UpdateTranslatorTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.com.");

    internal static ResourceRecord Empty(string name, RecordClass @class, RecordType type) =>
        new(DomainName.Parse(name), @class, 0, new UnknownRdata(type, []));

    internal static ResourceRecord Delete(string line)
    {
        ResourceRecord record = Records.Rr(line);
        return new ResourceRecord(record.Name, RecordClass.NONE, 0, record.Data);
    }

    [Test]
    public void Prerequisites_OfEveryForm_BecomeTheContractsPrerequisites_ValueDependentLast()
    {
        var request = new UpdateRequest(Zone, [
            Records.Rr("a.example.com. 0 IN A 192.0.2.1"),
            Empty("b.example.com.", RecordClass.ANY, RecordType.ANY),
            Empty("c.example.com.", RecordClass.ANY, RecordType.TXT),
            Records.Rr("a.example.com. 0 IN A 192.0.2.2"),
            Empty("d.example.com.", RecordClass.NONE, RecordType.ANY),
            Empty("e.example.com.", RecordClass.NONE, RecordType.MX),
        ], [], "test");

        ChangeMessage message = UpdateTranslator.Translate(request);

        message.Rfc2136.ShouldBeTrue();
        message.Operations.ShouldBeEmpty();
        message.Prerequisites.ShouldBe([
            new NameInUsePrerequisite { Name = "b.example.com." },
            new RRsetExistsPrerequisite { Name = "c.example.com.", Type = "TXT" },
            new NameNotInUsePrerequisite { Name = "d.example.com." },
            new RRsetNotExistsPrerequisite { Name = "e.example.com.", Type = "MX" },
            message.Prerequisites[4],
        ]);
        RRsetEqualsPrerequisite equals = message.Prerequisites[4].ShouldBeOfType<RRsetEqualsPrerequisite>();
        (equals.Name, equals.Type).ShouldBe(("a.example.com.", "A"));
        equals.Rdata.ShouldBe(["192.0.2.1", "192.0.2.2"]);
    }

    [Test]
    public void Updates_OfEveryForm_BecomeAddAndDel()
    {
        var request = new UpdateRequest(Zone, [], [
            Records.Rr("_acme-challenge.example.com. 0 IN TXT \"token value\""),
            Empty("old.example.com.", RecordClass.ANY, RecordType.ANY),
            Empty("www.example.com.", RecordClass.ANY, RecordType.AAAA),
            Delete("www.example.com. 0 IN A 192.0.2.80"),
        ], "from 127.0.0.1:1 key k.");

        ChangeMessage message = UpdateTranslator.Translate(request);

        message.Zone.ShouldBe("example.com.");
        message.Source.ShouldBe("UPDATE from 127.0.0.1:1 key k.");
        message.Operations.ShouldBe([
            new AddOperation { Name = "_acme-challenge.example.com.", Ttl = 0, Type = "TXT", Rdata = "\"token value\"" },
            new DeleteOperation { Name = "old.example.com." },
            new DeleteOperation { Name = "www.example.com.", Type = "AAAA" },
            new DeleteOperation { Name = "www.example.com.", Type = "A", Rdata = "192.0.2.80" },
        ]);
    }

    [Test]
    public void TranslatedMessage_AppliesAsTheUpdateSays()
    {
        var feeder = Feeder.WithZone();
        var request = new UpdateRequest(Zone, [Empty("new.example.com.", RecordClass.NONE, RecordType.ANY)], [
            Records.Rr("new.example.com. 60 IN TXT \"a b\" \"c\""),
            Records.Rr("new.example.com. 60 IN MX 10 mail.example.org."),
        ], "test");

        feeder.Feed(System.Text.Encoding.UTF8.GetString(ChangeLogJson.Serialize(UpdateTranslator.Translate(request)))).ShouldBeOfType<ChangeApplied>();
        Messages.Lines(feeder.Version()).ShouldContain("new 60 TXT \"a b\" \"c\"");
        Messages.Lines(feeder.Version()).ShouldContain("new 60 MX 10 mail.example.org.");
        feeder.Feed(System.Text.Encoding.UTF8.GetString(ChangeLogJson.Serialize(UpdateTranslator.Translate(request))))
            .ShouldBeOfType<ChangeRejected>().Prerequisite!.ResponseCode.ShouldBe(ResponseCode.YXDomain);
    }

    [TestCase(0x80000000u)]
    [TestCase(0xFFFFFFFFu)]
    public void AddedRecord_WithTheTtlsTopBitSet_IsAddedWithTtlZero_Rfc2181Section8(uint ttl)
    {
        var feeder = Feeder.WithZone();
        var request = new UpdateRequest(Zone, [], [new ResourceRecord(DomainName.Parse("big.example.com."), ttl, Records.Rr("x. 0 IN A 192.0.2.9").Data)], "test");

        feeder.Feed(System.Text.Encoding.UTF8.GetString(ChangeLogJson.Serialize(UpdateTranslator.Translate(request)))).ShouldBeOfType<ChangeApplied>();
        Messages.Lines(feeder.Version()).ShouldContain("big 0 A 192.0.2.9");
    }

    [TestCase(RejectionReason.UnknownZone, ResponseCode.NotAuth)]
    [TestCase(RejectionReason.OutOfZone, ResponseCode.NotZone)]
    [TestCase(RejectionReason.InvalidRdata, ResponseCode.FormErr)]
    [TestCase(RejectionReason.ZoneValidation, ResponseCode.Refused)]
    [TestCase(RejectionReason.WrongPartition, ResponseCode.ServFail)]
    public void Rejections_MapToUpdateResponseCodes(RejectionReason reason, ResponseCode expected) =>
        UpdateResponseCodes.For(new ChangeRejected(reason, "why")).ResponseCode.ShouldBe(expected);

    [Test]
    public void FailedPrerequisite_AnswersItsOwnResponseCode_AndSkippedRecordsServFail()
    {
        var failed = new FailedPrerequisite(0, new NameInUsePrerequisite { Name = "x" }, ResponseCode.NXDomain);
        UpdateResponseCodes.For(new ChangeRejected(RejectionReason.PrerequisiteFailed, "why", failed)).ResponseCode.ShouldBe(ResponseCode.NXDomain);
        UpdateResponseCodes.For(NoChange.Instance).ResponseCode.ShouldBe(ResponseCode.NoError);
        UpdateResponseCodes.For(null).ResponseCode.ShouldBe(ResponseCode.ServFail);
    }
}
