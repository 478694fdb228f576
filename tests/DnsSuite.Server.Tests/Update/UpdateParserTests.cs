using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Update;
using DnsSuite.TestSupport;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Server.Tests.Update;

public class UpdateParserTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.com.");

    internal static ResourceRecord Empty(string name, RecordClass @class, RecordType type, uint ttl = 0) =>
        new(DomainName.Parse(name), @class, ttl, new UnknownRdata(type, []));

    internal static Message Update(string zone = "example.com.", RecordType zoneType = RecordType.SOA, ushort id = 1)
    {
        var message = new Message { Id = id, OpCode = OpCode.Update };
        message.Questions.Add(new Question(DomainName.Parse(zone), zoneType));
        return message;
    }

    [Test]
    public void ZoneSection_MustHoldOneSoaEntry()
    {
        UpdateParser.TryGetZone(Update(), out DomainName? zone, out _).ShouldBeTrue();
        zone.ShouldBe(Zone);
        UpdateParser.TryGetZone(Update(zoneType: RecordType.A), out _, out UpdateOutcome? wrongType).ShouldBeFalse();
        wrongType!.ResponseCode.ShouldBe(ResponseCode.FormErr);
        var two = Update();
        two.Questions.Add(new Question(DomainName.Parse("example.org."), RecordType.SOA));
        UpdateParser.TryGetZone(two, out _, out UpdateOutcome? twoZones).ShouldBeFalse();
        twoZones!.ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    public static IEnumerable<TestCaseData> Prerequisites()
    {
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.ANY), ResponseCode.NoError).SetName("Prerequisite_NameInUse_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.NONE, RecordType.ANY), ResponseCode.NoError).SetName("Prerequisite_NameNotInUse_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.A), ResponseCode.NoError).SetName("Prerequisite_RRsetExists_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.NONE, RecordType.A), ResponseCode.NoError).SetName("Prerequisite_RRsetDoesNotExist_IsValid");
        yield return new TestCaseData(Records.Rr("a.example.com. 0 IN A 192.0.2.1"), ResponseCode.NoError).SetName("Prerequisite_RRsetEquals_IsValid");
        yield return new TestCaseData(Records.Rr("a.example.com. 60 IN A 192.0.2.1"), ResponseCode.FormErr).SetName("Prerequisite_WithTtl_IsFormErr");
        yield return new TestCaseData(new ResourceRecord(DomainName.Parse("a.example.com."), RecordClass.ANY, 0, Records.Rr("a.example.com. 0 IN A 192.0.2.1").Data), ResponseCode.FormErr).SetName("Prerequisite_AnyWithRdata_IsFormErr");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.AXFR), ResponseCode.FormErr).SetName("Prerequisite_MetaType_IsFormErr");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.CH, RecordType.A), ResponseCode.FormErr).SetName("Prerequisite_OtherClass_IsFormErr");
        yield return new TestCaseData(Empty("a.example.org.", RecordClass.ANY, RecordType.ANY), ResponseCode.NotZone).SetName("Prerequisite_OutsideTheZone_IsNotZone");
    }

    [TestCaseSource(nameof(Prerequisites))]
    public void Prerequisite_IsCheckedForItsForm(ResourceRecord prerequisite, ResponseCode expected)
    {
        Message request = Update();
        request.Answers.Add(prerequisite);
        bool valid = UpdateParser.TryCheckSections(request, Zone, out UpdateOutcome? failure, out _);
        valid.ShouldBe(expected == ResponseCode.NoError);
        (failure?.ResponseCode ?? ResponseCode.NoError).ShouldBe(expected);
    }

    public static IEnumerable<TestCaseData> Updates()
    {
        yield return new TestCaseData(Records.Rr("a.example.com. 0 IN TXT x"), ResponseCode.NoError).SetName("Update_AddToAnRRset_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.A), ResponseCode.NoError).SetName("Update_DeleteAnRRset_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.ANY), ResponseCode.NoError).SetName("Update_DeleteAllRRsetsAtAName_IsValid");
        yield return new TestCaseData(new ResourceRecord(DomainName.Parse("a.example.com."), RecordClass.NONE, 0, Records.Rr("a.example.com. 0 IN A 192.0.2.1").Data), ResponseCode.NoError).SetName("Update_DeleteAnRR_IsValid");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.IN, RecordType.ANY), ResponseCode.FormErr).SetName("Update_AddOfAMetaType_IsFormErr");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.ANY, RecordType.A, ttl: 60), ResponseCode.FormErr).SetName("Update_DeleteWithTtl_IsFormErr");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.NONE, RecordType.ANY), ResponseCode.FormErr).SetName("Update_DeleteRrOfTypeAny_IsFormErr");
        yield return new TestCaseData(Empty("a.example.com.", RecordClass.HS, RecordType.A), ResponseCode.FormErr).SetName("Update_OtherClass_IsFormErr");
        yield return new TestCaseData(Records.Rr("www.example.org. 60 IN A 192.0.2.1"), ResponseCode.NotZone).SetName("Update_OutsideTheZone_IsNotZone");
    }

    [TestCaseSource(nameof(Updates))]
    public void Update_IsCheckedForItsForm(ResourceRecord update, ResponseCode expected)
    {
        Message request = Update();
        request.Authority.Add(update);
        bool valid = UpdateParser.TryCheckSections(request, Zone, out UpdateOutcome? failure, out _);
        valid.ShouldBe(expected == ResponseCode.NoError);
        (failure?.ResponseCode ?? ResponseCode.NoError).ShouldBe(expected);
    }
}
