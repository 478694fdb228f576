using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Transfer;
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
        harness.Access.SetZoneMetadata(TransferHarness.Origin, "partners", null);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Outside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public void Allows_AclNamesCompareCaseInsensitively() =>
        Policy(Options(), "PARTNERS", null).Allows(TransferHarness.Origin, Outside.Address, null, out _).ShouldBeTrue();

    [Test]
    public async Task Axfr_MetadataCleared_GoesBackToTheGlobalList()
    {
        using var harness = new TransferHarness(Options());
        harness.Access.SetZoneMetadata(TransferHarness.Origin, "partners", null);
        harness.Access.SetZoneMetadata(TransferHarness.Origin, null, null);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void Allows_PerZoneConfigurationEntry_WinsOverTheMetadataAcl()
    {
        TransferAccessPolicy policy = Policy(Options(zoneEntry: true), "partners", null);

        policy.Allows(TransferHarness.Origin, Inside.Address, null, out _).ShouldBeTrue();
        policy.Allows(TransferHarness.Origin, Outside.Address, null, out _).ShouldBeFalse();
    }

    [Test]
    public void Allows_UnknownAcl_RefusesEveryoneNamingTheAcl()
    {
        TransferAccessPolicy policy = Policy(Options(), "nosuch", null);

        policy.Allows(TransferHarness.Origin, Inside.Address, KeyName, out string refusal).ShouldBeFalse();
        refusal.ShouldContain("'nosuch'");
        policy.Allows(DomainName.Parse("other.example."), Inside.Address, null, out _).ShouldBeTrue("other zones keep the global list");
    }

    [Test]
    public void Allows_UnknownAclEvenWithAPerZoneEntry_IsNotRefusedBecauseTheEntryWins() =>
        Policy(Options(zoneEntry: true), "nosuch", null).Allows(TransferHarness.Origin, Inside.Address, null, out _).ShouldBeTrue();

    [Test]
    public async Task Axfr_MetadataKey_UnsignedIsRefusedEvenFromAnAllowedAddress()
    {
        using var harness = new TransferHarness(Options());
        harness.Access.SetZoneMetadata(TransferHarness.Origin, null, KeyName);

        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: Inside)).Single().ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task Axfr_MetadataKey_SignedWithItFromAnAllowedAddressIsServedSigned()
    {
        using var harness = new TransferHarness(Options());
        harness.Access.SetZoneMetadata(TransferHarness.Origin, null, KeyName);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out TsigState state);

        byte[] wire = (await harness.SendAsync(request, remote: Inside)).Single();

        TsigSigner.VerifyResponse(wire, state, DateTimeOffset.UtcNow).IsVerified.ShouldBeTrue();
        TransferHarness.Parse(wire).ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public async Task Axfr_MetadataKeyAndAnAclListingIt_AllowsAnyAddressWithTheKey()
    {
        using var harness = new TransferHarness(Options());
        harness.Access.SetZoneMetadata(TransferHarness.Origin, "keyed", KeyName);
        byte[] request = TsigSigner.SignRequest(TransferHarness.AxfrRequest().ToArray(), TransferHarness.Key, DateTimeOffset.UtcNow, out _);

        TransferHarness.Parse((await harness.SendAsync(request, remote: Outside)).Single()).ResponseCode.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void Allows_MetadataKey_AnotherVerifiedKeyIsRefused()
    {
        TransferAccessPolicy policy = Policy(new TransferOptions { AllowTransfer = ["key:xfr-key.", "key:other-key."] }, null, KeyName);

        policy.Allows(TransferHarness.Origin, Inside.Address, DomainName.Parse("other-key."), out string refusal).ShouldBeFalse();
        refusal.ShouldContain("xfr-key.");
    }

    [Test]
    public void Allows_MetadataKeyNotInTheKeysFile_RefusesEvenTheKeyName()
    {
        var missing = DomainName.Parse("missing-key.");
        TransferAccessPolicy policy = Policy(new TransferOptions { AllowTransfer = ["key:missing-key.", "10.0.0.0/8"] }, null, missing);

        policy.Allows(TransferHarness.Origin, Inside.Address, missing, out string refusal).ShouldBeFalse();
        refusal.ShouldContain("not in the keys file");
    }

    [Test]
    public void Policy_InvalidAclEntry_IsRejectedNamingTheAcl() =>
        Should.Throw<FormatException>(() => new TransferAccessPolicy(
            new TransferOptions { Acls = { ["bad"] = ["10.0.0.0/33"] } }, new TsigKeyRing(), NullLogger<TransferAccessPolicy>.Instance))
            .Message.ShouldContain("Transfers:Acls:bad");

    private static TransferAccessPolicy Policy(TransferOptions options, string? acl, DomainName? key)
    {
        var policy = new TransferAccessPolicy(options, new TsigKeyRing([TransferHarness.Key]), NullLogger<TransferAccessPolicy>.Instance);
        policy.SetZoneMetadata(TransferHarness.Origin, acl, key);
        return policy;
    }
}
