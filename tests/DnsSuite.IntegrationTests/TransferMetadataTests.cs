using System.Globalization;
using DnsSuite.TestSupport;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// The real <c>dnssuite primary</c> applying the transfer ACL and TSIG key that zones created with
/// <c>dnssuite publish create-zone --transfer-acl/--transfer-key</c> name, asked by dig.
/// </summary>
public sealed class TransferMetadataTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

    private const string KeyFile = "key \"xfr-key.\" {\n  algorithm hmac-sha256;\n  secret \"" + Secret + "\";\n};\n";

    [Test]
    public async Task Axfr_OfAZoneWhoseMetadataNamesAKey_IsRefusedWithoutItAndServedWithIt_AndAnUnknownAclRefuses()
    {
        using var dir = new TempDir();
        string data = dir.Combine("data");
        dir.WriteFile("xfr.key", KeyFile);
        await CreateZoneAsync(data, "a.test.", "--transfer-acl", "loopback", "--transfer-key", "xfr-key.");
        await CreateZoneAsync(data, "b.test.", "--transfer-acl", "nosuch");

        // No global AllowTransfer: only the ACL named in the metadata lets anyone transfer.
        using DnsSuiteProcess primary = await DnsSuiteProcess.StartAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", data, "--key-file", dir.Combine("xfr.key")],
            new Dictionary<string, string> { ["DNSSUITE__Transfers__Acls__loopback__0"] = "127.0.0.1" });

        string unsigned = await AxfrAsync(primary, "a.test.");
        unsigned.ShouldContain("Transfer failed", customMessage: unsigned);
        string signed = await AxfrAsync(primary, "a.test.", "-y", $"hmac-sha256:xfr-key.:{Secret}");
        signed.ShouldContain("IN\tSOA\tns1.a.test.", customMessage: signed);
        signed.ShouldContain("192.0.2.53", customMessage: signed);

        string unknownAcl = await AxfrAsync(primary, "b.test.");
        unknownAcl.ShouldContain("Transfer failed", customMessage: unknownAcl);
        await Wait.UntilAsync(() => primary.StandardOutput.Contains("Zone b.test.: its metadata names transfer ACL 'nosuch'", StringComparison.Ordinal), Timeout, $"the warning\n{primary}");
    }

    [Test]
    public async Task Primary_WithAnInvalidAclEntry_IsOneLineConfigurationErrorNamingTheAcl()
    {
        using var dir = new TempDir();

        (int exitCode, _, string stderr) = await DnsSuiteProcess.RunAsync(
            ["primary", "--listen", "127.0.0.1:0", "--data", dir.Combine("data")],
            new Dictionary<string, string> { ["DNSSUITE__Transfers__Acls__partners__0"] = "10.0.0.0/33" });

        exitCode.ShouldBe(2, stderr);
        stderr.Trim().ShouldBe("dnssuite: invalid configuration: Transfers:Acls:partners: '10.0.0.0/33' is neither an address, a CIDR network nor key:NAME");
    }

    private static async Task CreateZoneAsync(string data, string zone, params string[] metadata)
    {
        var result = await DnsSuiteProcess.RunAsync(["publish", "create-zone", zone, "--soa", "ns1 hostmaster 1 3600 600 1209600 300", "--ns", "ns1", "--record", "ns1 A 192.0.2.53", .. metadata, "--data", data]);
        result.ExitCode.ShouldBe(0, result.StandardError);
    }

    private static async Task<string> AxfrAsync(DnsSuiteProcess primary, string zone, params string[] more)
    {
        string port = primary.UdpEndPoint.Port.ToString(CultureInfo.InvariantCulture);
        ToolResult transfer = await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", port, "+noall", "+answer", "+tries=1", "+time=5", .. more, zone, "AXFR"], Timeout);
        return transfer.StdOut + transfer.StdErr;
    }
}
