using DnsSuite.Protocol;
using DnsSuite.Server.Limits;
using DnsSuite.Zones;

namespace DnsSuite.Server.Tests.Limits;

public sealed class RRsetLimitOptionsTests
{
    [Test]
    public void Validate_ReportsEveryProblem_NamingKeyAndValue()
    {
        var options = new RRsetLimitOptions
        {
            MaxRecordsPerRRset = -1,
            Zones = { ["a..test"] = new ZoneRRsetLimitOptions { MaxRecordsPerRRset = 5 }, ["b.test."] = new ZoneRRsetLimitOptions { MaxRecordsPerRRset = -2 } },
        };

        var result = new RRsetLimitOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(3);
        result.FailureMessage.ShouldContain("Limits:MaxRecordsPerRRset must be 0 (no limit) or more, not -1");
        result.FailureMessage.ShouldContain("Limits:Zones: 'a..test' is not a zone name");
        result.FailureMessage.ShouldContain("Limits:Zones:b.test.:MaxRecordsPerRRset must be 0 (no limit) or more, not -2");
    }

    [Test]
    public void TheDefault_Is100AsInBind_AndAZonesOwnValueReplacesTheGlobalOne()
    {
        var options = new RRsetLimitOptions { Zones = { ["Big.Test"] = new ZoneRRsetLimitOptions { MaxRecordsPerRRset = 0 }, ["other.test."] = new ZoneRRsetLimitOptions() } };

        new RRsetLimitOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        options.MaxRecordsPerRRset.ShouldBe(OversizedRRset.DefaultLimit);
        options.PerZone().ShouldBe(new Dictionary<DomainName, int> { [DomainName.Parse("big.test.")] = 0 });
    }
}
