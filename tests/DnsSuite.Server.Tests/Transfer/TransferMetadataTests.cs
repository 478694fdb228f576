using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests.Transfer;

/// <summary>The transfer ACL and TSIG key a zone's change-log metadata names.</summary>
public class TransferMetadataTests
{
    private static readonly IPEndPoint Inside = new(IPAddress.Parse("10.1.2.3"), 4000);
    private static readonly IPEndPoint Outside = new(IPAddress.Parse("192.0.2.200"), 4000);
    private static readonly DomainName KeyName = TransferHarness.Key.Name;

    private static TransferOptions Options(bool zoneEntry = false)
    {
        var options = new TransferOptions
        {
            AllowTransfer = ["10.0.0.0/8"],
            Acls = { ["partners"] = ["192.0.2.0/24"], ["keyed"] = ["key:xfr-key."] },
        };
        if (zoneEntry)
        {
            options.Zones[TransferHarness.Apex] = new ZoneTransferOptions { AllowTransfer = ["10.0.0.0/8"] };
        }

        return options;
    }

    [Test]
    public async Task Axfr_MetadataNamesAnAcl_ItReplacesTheGlobalList()
    {
        using var harness = new TransferHarness(Options());
        SetMetadata(harness, "partners", null);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Outside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public void Allows_AclNamesCompareCaseInsensitively()
    {
        (TransferAccessPolicy policy, Zone zone) = Policy(Options(), "PARTNERS", null);
        policy.Allows(zone, Outside.Address, null, out _).ShouldBeTrue();
    }

    [Test]
    public async Task Axfr_MetadataCleared_GoesBackToTheGlobalList()
    {
        using var harness = new TransferHarness(Options());
        SetMetadata(harness, "partners", null);
        SetMetadata(harness, null, null);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void Allows_PerZoneConfigurationEntry_WinsOverTheMetadataAcl()
    {
        (TransferAccessPolicy policy, Zone zone) = Policy(Options(zoneEntry: true), "partners", null);

        policy.Allows(zone, Inside.Address, null, out _).ShouldBeTrue();
        policy.Allows(zone, Outside.Address, null, out _).ShouldBeFalse();
    }

    [Test]
    public void Allows_UnknownAcl_RefusesEveryoneNamingTheAcl()
    {
        (TransferAccessPolicy policy, Zone zone) = Policy(Options(), "nosuch", null);

        policy.Allows(zone, Inside.Address, KeyName, out string? refusal).ShouldBeFalse();
        refusal.ShouldContain("'nosuch'");
        policy.Allows(new Zone(DomainName.Parse("other.example.")), Inside.Address, null, out _).ShouldBeTrue("other zones keep the global list");
    }

    [Test]
    public void Allows_UnknownAclEvenWithAPerZoneEntry_IsNotRefusedBecauseTheEntryWins()
    {
        (TransferAccessPolicy policy, Zone zone) = Policy(Options(zoneEntry: true), "nosuch", null);
        policy.Allows(zone, Inside.Address, null, out _).ShouldBeTrue();
    }

    [Test]
    public async Task Axfr_MetadataKey_UnsignedIsRefusedEvenFromAnAllowedAddress()
    {
        using var harness = new TransferHarness(Options());
        SetMetadata(harness, null, KeyName);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Axfr_MetadataKey_SignedWithItFromAnAllowedAddressIsServedSigned()
    {
        using var harness = new TransferHarness(Options());
        SetMetadata(harness, null, KeyName);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out TsigState state);

        byte[] wire = (await harness.SendAsync(request, remote: Inside)).Single();

        TsigSigner.VerifyResponse(wire, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
        TransferHarness.Parse(wire).ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public async Task Axfr_MetadataKeyAndAnAclListingIt_AllowsAnyAddressWithTheKey()
    {
        using var harness = new TransferHarness(Options());
        SetMetadata(harness, "keyed", KeyName);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out _);

        TransferHarness.Parse((await harness.SendAsync(request, remote: Outside)).Single()).ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void Allows_MetadataKey_AnotherVerifiedKeyIsRefused()
    {
        (TransferAccessPolicy policy, Zone zone) = Policy(new TransferOptions { AllowTransfer = ["key:xfr-key.", "key:other-key."] }, null, KeyName);

        policy.Allows(zone, Inside.Address, DomainName.Parse("other-key."), out string? refusal).ShouldBeFalse();
        refusal.ShouldContain("xfr-key.");
    }

    [Test]
    public void Allows_MetadataKeyNotInTheKeysFile_RefusesEvenTheKeyName()
    {
        var missing = DomainName.Parse("missing-key.");
        (TransferAccessPolicy policy, Zone zone) = Policy(new TransferOptions { AllowTransfer = ["key:missing-key.", "10.0.0.0/8"] }, null, missing);

        policy.Allows(zone, Inside.Address, missing, out string? refusal).ShouldBeFalse();
        refusal.ShouldContain("not in the keys file");
    }

    [Test]
    public void Policy_InvalidAclEntry_IsRejectedNamingTheAcl() =>
        Should.Throw<FormatException>(() => new TransferAccessPolicy(
            new TransferOptions { Acls = { ["bad"] = ["10.0.0.0/33"] } }, new TsigKeyRing(), NullLogger<TransferAccessPolicy>.Instance))
            .Message.ShouldContain("Transfers:Acls:bad");

    /// <summary>The zone's transfer rule for the ACL and key its metadata names, as the primary puts it in the zone's policies.</summary>
    private static void SetMetadata(TransferHarness harness, string? acl, DomainName? key) =>
        harness.Zone.Policies = harness.Zone.Policies with { Transfer = harness.Access.For(TransferHarness.Origin, acl, key) };

    private static (TransferAccessPolicy Policy, Zone Zone) Policy(TransferOptions options, string? acl, DomainName? key)
    {
        var policy = new TransferAccessPolicy(options, new TsigKeyRing([TransferHarness.Key]), NullLogger<TransferAccessPolicy>.Instance);
        var zone = new Zone(TransferHarness.Origin) { Policies = new ZonePolicies { Transfer = policy.For(TransferHarness.Origin, acl, key) } };
        return (policy, zone);
    }
}
