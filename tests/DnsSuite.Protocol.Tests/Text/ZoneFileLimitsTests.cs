using DnsSuite.Protocol.Text;
using DnsSuite.TestSupport;

namespace DnsSuite.Protocol.Tests.Text;

/// <summary>Hostile zone files: $INCLUDE stays in the zone folder, reading is bounded, errors quote little.</summary>
public class ZoneFileLimitsTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    private static ZoneFormatException ReadFails(string path, ZoneFileOptions? options = null) =>
        Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadFile(path, Example, options: options).ToList());

    [TestCase("/dev/zero")]
    [TestCase("/proc/self/environ")]
    [TestCase("/sys/kernel/uevent_seqnum")]
    public void Include_OfAKernelFile_IsRefusedWithoutReadingIt(string target)
    {
        using var folder = new TempDir("zonefile");
        string zone = folder.WriteFile("a.zone", $"$TTL 1\n$INCLUDE {target}\n");

        ZoneFormatException e = ReadFails(zone);

        e.Reason.ShouldContain("refused");
        (e.Line, e.Column).ShouldBe((2, 10));
    }

    [Test]
    public void Include_OfTheEnvironment_NeverQuotesIt()
    {
        using var folder = new TempDir("zonefile");
        string zone = folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE /proc/self/environ\n");

        ZoneFormatException e = ReadFails(zone);

        e.Message.ShouldNotContain("PATH=");
        e.Message.ShouldNotContain(Environment.GetEnvironmentVariable("HOME") ?? "/root");
    }

    [Test]
    public void Include_OutsideTheZoneFolder_IsRefusedUnlessAFolderIsConfigured()
    {
        using var root = new TempDir("zonefile");
        root.WriteFile("shared/common.inc", "common A 192.0.2.7\n");
        string zone = root.WriteFile("zones/a.zone", "$TTL 1\n$INCLUDE ../shared/common.inc\n");

        ReadFails(zone).Reason.ShouldContain("outside the including file's folder");

        var allowed = new ZoneFileOptions { IncludeDirectories = [root.Combine("shared")] };
        ZoneFileReader.ReadFile(zone, Example, options: allowed).Select(r => r.ToString()).ShouldBe(["common.example. 1 IN A 192.0.2.7"]);
    }

    [Test]
    public void Include_InASubfolderMayReachBackIntoTheZoneFolder()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("common.inc", "common A 192.0.2.7\n");
        folder.WriteFile("sub/part.inc", "$INCLUDE ../common.inc\n");
        string zone = folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE sub/part.inc\n");

        ZoneFileReader.ReadFile(zone, Example).Select(r => r.ToString()).ShouldBe(["common.example. 1 IN A 192.0.2.7"]);
    }

    [TestCase("/proc/self/environ")]
    [TestCase("/dev/zero")]
    [TestCase("/etc/hostname")]
    public void Include_ThroughASymbolicLinkLeadingOut_IsRefused(string target)
    {
        using var folder = new TempDir("zonefile");
        File.CreateSymbolicLink(folder.Combine("link.inc"), target);
        Directory.CreateDirectory(folder.Combine("sub"));
        Directory.CreateSymbolicLink(folder.Combine("sub/etc"), "/etc");
        string zone = folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE link.inc\n");
        string viaFolder = folder.WriteFile("b.zone", "$TTL 1\n$INCLUDE sub/etc/hostname\n");

        ReadFails(zone).Reason.ShouldContain("refused");
        ReadFails(viaFolder).Reason.ShouldContain("refused");
    }

    [Test]
    public async Task Include_OfAFifo_ReadsAsEmptyWithoutWaitingForAWriter()
    {
        using var folder = new TempDir("zonefile");
        (await ExternalTool.RunAsync("mkfifo", [folder.Combine("pipe.inc")])).ExitCode.ShouldBe(0);
        string zone = folder.WriteFile("a.zone", "$TTL 1\nbefore A 192.0.2.1\n$INCLUDE pipe.inc\n");

        ZoneFileReader.ReadFile(zone, Example).Select(r => r.ToString()).ShouldBe(["before.example. 1 IN A 192.0.2.1"]);
    }

    [Test]
    public void ReadText_OfAKernelFile_IsRefused()
    {
        Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadText("/dev/zero")).Message.ShouldContain("not a zone file");
    }

    [Test]
    public void Include_ChainLargerThanMaxBytes_FailsAtTheDirective()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("big.inc", string.Concat(Enumerable.Repeat("x A 192.0.2.1\n", 100)));
        string zone = folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE big.inc\n$INCLUDE big.inc x\n");

        ZoneFormatException e = ReadFails(zone, new ZoneFileOptions { MaxBytes = 2500 });

        e.Reason.ShouldContain("larger than Server:ZoneFiles:MaxBytes (2500 octets)");
        (e.Line, e.Column).ShouldBe((3, 10));
    }

    [Test]
    public void Line_LongerThanMaxLineLength_FailsNamingFileAndLine()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("long.inc", $"ok A 192.0.2.1\nlong TXT \"{new string('y', 300)}\"\n");
        string zone = folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE long.inc\n");

        ZoneFormatException e = ReadFails(zone, new ZoneFileOptions { MaxLineLength = 200 });

        e.File.ShouldBe(folder.Combine("long.inc"));
        e.Line.ShouldBe(2);
        e.Reason.ShouldContain("MaxLineLength (200 characters)");
    }

    [Test]
    public void Error_QuotesAShortEscapedExcerptOfTheInput()
    {
        string token = "\u0001\u0007" + new string('z', 10_000);

        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.Read($"$TTL 1\nwww {token} 192.0.2.1\n", Example, "t.zone").ToList());

        e.Reason.ShouldBe($"unknown RR type '\\001\\007{new string('z', 62)}'... (10002 characters)");
    }

    [TestCase("a\u0000b")]
    [TestCase("a\u0001b")]
    [TestCase("a\u007Fb")]
    public void Owner_WithARawControlCharacter_IsASyntaxError(string owner)
    {
        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.Read($"$TTL 1\n{owner} A 192.0.2.1\n", Example, "t.zone").ToList());

        e.Reason.ShouldContain("invalid domain name");
        e.Reason.ShouldNotContain(owner);
    }
}
