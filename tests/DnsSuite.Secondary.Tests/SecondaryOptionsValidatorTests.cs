using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Secondary.Tests;

public sealed class SecondaryOptionsValidatorTests
{
    private static readonly TsigKeyRing NoKeys = new([]);

    [Test]
    public void Validate_NamesTheKeyOfEachProblem()
    {
        var options = new SecondaryOptions
        {
            DataDirectory = "/tmp",
            Zones =
            {
                new SecondaryZoneOptions { Name = "example.com", Primaries = { new PrimaryOptions { Address = "192.0.2.1" } } },
                new SecondaryZoneOptions { Name = "example.net" },
                new SecondaryZoneOptions { Name = "example.org", Primaries = { new PrimaryOptions { Address = "192.0.2.1:53", Key = "missing" } } },
            },
        };

        var result = new SecondaryOptionsValidator(NoKeys).Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldBe(
        [
            "Secondary:Zones:0:Primaries:0:Address '192.0.2.1' is not IP:PORT",
            "Secondary:Zones:1: zone example.net. has no primary",
            "Secondary:Zones:2:Primaries:0:Key 'missing' is not in the key file",
        ]);
    }

    [Test]
    public void Validate_AcceptsAZoneWithAPrimary()
    {
        var options = new SecondaryOptions
        {
            DataDirectory = "/tmp",
            Zones = { new SecondaryZoneOptions { Name = "example.com.", Primaries = { new PrimaryOptions { Address = "127.0.0.1:5300" } } } },
        };

        new SecondaryOptionsValidator(NoKeys).Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Test]
    public void Validate_RequiresADataDirectory() =>
        new SecondaryOptionsValidator(NoKeys).Validate(null, new SecondaryOptions { Catalogs = { new SecondaryZoneOptions { Name = "catalog.invalid", Primaries = { new PrimaryOptions { Address = "127.0.0.1:5300" } } } } })
            .Failures!.ShouldBe(["Secondary:DataDirectory is required"]);
}
