using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Update;
using DnsSuite.TestSupport;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Server.Tests.Update;

public class UpdatePolicyTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.com.");
    private static readonly DomainName DdnsKey = DomainName.Parse("ddns-key.");
    private static readonly DomainName AcmeKey = DomainName.Parse("acme-key.");

    private static UpdatePolicy Policy(params string[] rules) => new(new UpdateOptions { Policy = [.. rules] });

    private static bool Allows(UpdatePolicy policy, DomainName? key, string update, string address = "127.0.0.1") =>
        policy.TryAuthorize(ZoneOf(policy, Origin), IPAddress.Parse(address), key, [Records.Rr(update)], out _);

    /// <summary>A zone with the policy the configuration gives it, as the roles set it when they create the zone.</summary>
    private static Zone ZoneOf(UpdatePolicy policy, DomainName origin) => new(origin) { Policies = new ZonePolicies { Update = policy.For(origin) } };

    [TestCase("grant acme-key. name _acme-challenge.example.com. TXT", "_acme-challenge.example.com. 0 IN TXT x", true)]
    [TestCase("grant acme-key. name _acme-challenge.example.com. TXT", "_acme-challenge.www.example.com. 0 IN TXT x", false)]
    [TestCase("grant acme-key. name _acme-challenge.example.com. TXT", "_acme-challenge.example.com. 0 IN A 192.0.2.1", false)]
    [TestCase("grant acme-key. subdomain hosts.example.com. A AAAA", "a.b.hosts.example.com. 60 IN A 192.0.2.1", true)]
    [TestCase("grant acme-key. subdomain hosts.example.com. A AAAA", "hosts.example.com. 60 IN A 192.0.2.1", true)]
    [TestCase("grant acme-key. subdomain hosts.example.com. A AAAA", "www.example.com. 60 IN A 192.0.2.1", false)]
    [TestCase("grant acme-key. wildcard *.hosts.example.com. A", "a.hosts.example.com. 60 IN A 192.0.2.1", true)]
    [TestCase("grant acme-key. wildcard *.hosts.example.com. A", "hosts.example.com. 60 IN A 192.0.2.1", false)]
    [TestCase("grant acme-key. zonesub ANY", "example.com. 60 IN NS ns2.example.com.", true)]
    [TestCase("grant acme-key. zonesub", "www.example.com. 60 IN MX 10 mail.example.com.", true)]
    [TestCase("grant acme-key. zonesub", "example.com. 60 IN NS ns2.example.com.", false)]
    [TestCase("grant * zonesub TXT", "t.example.com. 60 IN TXT x", true)]
    [TestCase("grant ddns-key. zonesub ANY", "t.example.com. 60 IN TXT x", false)]
    public void Rule_MatchesKeyNameAndType(string rule, string update, bool allowed) =>
        Allows(Policy(rule), AcmeKey, update).ShouldBe(allowed);

    [Test]
    public void FirstMatchingRule_Decides_SoADenyBeforeAGrantWins()
    {
        UpdatePolicy policy = Policy("deny acme-key. name example.com. ANY", "grant acme-key. zonesub ANY");
        Allows(policy, AcmeKey, "example.com. 60 IN TXT x").ShouldBeFalse();
        Allows(policy, AcmeKey, "www.example.com. 60 IN TXT x").ShouldBeTrue();
    }

    [Test]
    public void DeleteOfEveryRRsetAtAName_NeedsAnAnyGrant()
    {
        var deleteAll = new ResourceRecord(DomainName.Parse("www.example.com."), RecordClass.ANY, 0, new UnknownRdata(RecordType.ANY, []));
        Policy("grant acme-key. zonesub TXT A").TryAuthorize(new Zone(Origin), IPAddress.Loopback, AcmeKey, [deleteAll], out string? reason).ShouldBeFalse();
        reason!.ShouldContain("www.example.com. ANY");
        Policy("grant acme-key. zonesub ANY").TryAuthorize(new Zone(Origin), IPAddress.Loopback, AcmeKey, [deleteAll], out _).ShouldBeTrue();
    }

    [Test]
    public void Unsigned_IsRefusedUnlessTsigIsNotRequired_AndThenOnlyByAnyKeyRules()
    {
        Allows(Policy("grant * zonesub ANY"), null, "www.example.com. 60 IN A 192.0.2.1").ShouldBeFalse();
        var open = new UpdatePolicy(new UpdateOptions { Policy = ["grant * zonesub ANY"], RequireTsig = false });
        Allows(open, null, "www.example.com. 60 IN A 192.0.2.1").ShouldBeTrue();
        var keyed = new UpdatePolicy(new UpdateOptions { Policy = ["grant ddns-key. zonesub ANY"], RequireTsig = false });
        Allows(keyed, null, "www.example.com. 60 IN A 192.0.2.1").ShouldBeFalse();
    }

    [Test]
    public void AllowFrom_RestrictsTheSendersAddress()
    {
        var policy = new UpdatePolicy(new UpdateOptions { Policy = ["grant ddns-key. zonesub ANY"], AllowFrom = ["127.0.0.0/8"] });
        Allows(policy, DdnsKey, "www.example.com. 60 IN A 192.0.2.1", "127.0.0.2").ShouldBeTrue();
        Allows(policy, DdnsKey, "www.example.com. 60 IN A 192.0.2.1", "::1").ShouldBeFalse();
    }

    [Test]
    public void ZoneSettings_ReplaceTheGlobalOnes_AndNoPolicyRefusesEverything()
    {
        var options = new UpdateOptions { Policy = ["grant ddns-key. zonesub ANY"] };
        options.Zones["example.com."] = new ZoneUpdateOptions { Policy = ["grant acme-key. zonesub TXT"] };
        var policy = new UpdatePolicy(options);
        Allows(policy, DdnsKey, "www.example.com. 60 IN TXT x").ShouldBeFalse();
        Allows(policy, AcmeKey, "www.example.com. 60 IN TXT x").ShouldBeTrue();
        policy.TryAuthorize(ZoneOf(policy, DomainName.Parse("example.org.")), IPAddress.Loopback, DdnsKey, [Records.Rr("www.example.org. 60 IN TXT x")], out _).ShouldBeTrue();
        Allows(new UpdatePolicy(new UpdateOptions()), DdnsKey, "www.example.com. 60 IN TXT x").ShouldBeFalse();
    }

    [TestCase("allow k. zonesub", "neither grant nor deny")]
    [TestCase("grant k. everywhere", "not one of")]
    [TestCase("grant k. name", "needs a name")]
    [TestCase("grant k. wildcard www.example.com. A", "starts with '*.'")]
    [TestCase("grant k. zonesub BOGUS", "'BOGUS' is not a record type")]
    public void BadRule_IsAnErrorNamingWhere(string rule, string message)
    {
        var options = new UpdateOptions();
        options.Zones["example.com."] = new ZoneUpdateOptions { Policy = ["grant k. zonesub", rule] };
        FormatException e = Should.Throw<FormatException>(() => new UpdatePolicy(options));
        e.Message.ShouldContain("Update:Zones:example.com.:Policy[1]");
        e.Message.ShouldContain(message);
    }
}
