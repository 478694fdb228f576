using DnsSuite.Protocol;

namespace DnsSuite.Protocol.Tests.Names;

public class DomainNameParsingTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    [TestCase("www.example.", "03777777076578616d706c6500")]
    [TestCase("WWW.Example.", "03575757074578616d706c6500")]
    [TestCase(".", "00")]
    [TestCase("a\\.b.example.", "03612e62076578616d706c6500")]
    [TestCase("a\\\\b.", "03615c6200")]
    [TestCase("\\065\\000\\255.", "0341" + "00ff00")]
    [TestCase("\\@.", "014000")]
    [TestCase("*.example.", "012a076578616d706c6500")]
    public void Parse_AbsoluteName_GivesWireForm(string text, string hex)
    {
        Convert.ToHexString(DomainName.Parse(text).Wire).ShouldBe(hex, StringCompareShould.IgnoreCase);
    }

    [TestCase("www", "www.example.")]
    [TestCase("a.b", "a.b.example.")]
    [TestCase("@", "example.")]
    [TestCase("www.other.", "www.other.")]
    public void Parse_RelativeName_AppendsOrigin(string text, string expected)
    {
        DomainName.Parse(text, Example).ShouldBe(DomainName.Parse(expected));
    }

    [Test]
    public void Parse_RootAndTrailingDot_AreAbsoluteWithoutOrigin()
    {
        DomainName.Parse(".").IsRoot.ShouldBeTrue();
        DomainName.Parse(".").LabelCount.ShouldBe(0);
        DomainName.Parse("example.").LabelCount.ShouldBe(1);
        DomainName.Parse("@", DomainName.Root).IsRoot.ShouldBeTrue();
        DomainName.Parse("www", DomainName.Root).ToString().ShouldBe("www.");
    }

    [TestCase("", "empty name")]
    [TestCase("@", "'@' used without an origin")]
    [TestCase("www", "relative name without an origin")]
    [TestCase("a..b.", "empty label")]
    [TestCase(".a.", "empty label")]
    [TestCase("..", "empty label")]
    [TestCase("a\\", "dangling escape at the end")]
    [TestCase("a\\1.", "\\DDD escape needs three digits")]
    [TestCase("a\\12", "\\DDD escape needs three digits")]
    [TestCase("a\\1x3.", "\\DDD escape needs three digits")]
    [TestCase("a\\256.", "\\DDD escape above 255")]
    [TestCase("caf\u00e9.", "non-ASCII character (use \\DDD escapes)")]
    [TestCase("caf\\\u00e9.", "non-ASCII character (use \\DDD escapes)")]
    [TestCase("caf\\\u0101.", "non-ASCII character (use \\DDD escapes)")]
    public void TryParse_Invalid_ExplainsWhy(string text, string reason)
    {
        DomainName.TryParse(text, null, out DomainName? name, out string? error).ShouldBeFalse();
        name.ShouldBeNull();
        error.ShouldBe(reason);
    }

    [Test]
    public void Parse_Invalid_ThrowsFormatExceptionNamingTheText()
    {
        Should.Throw<FormatException>(() => DomainName.Parse("a..b."))
            .Message.ShouldBe("invalid domain name 'a..b.': empty label");
    }

    [Test]
    public void Parse_LabelOf63Octets_IsAcceptedAnd64IsNot()
    {
        DomainName.Parse(new string('a', 63) + ".").WireLength.ShouldBe(65);
        DomainName.TryParse(new string('a', 64) + ".", null, out _, out string? error).ShouldBeFalse();
        error.ShouldBe("label longer than 63 octets");
        DomainName.TryParse(new string('a', 63) + "\\065.", null, out _, out error).ShouldBeFalse();
        error.ShouldBe("label longer than 63 octets");
    }

    /// <summary>Three 63-octet labels and one of <paramref name="last"/> octets: 3*64 + 1 + last + 1 wire octets.</summary>
    private static string LongName(int last) =>
        $"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', last)}";

    [Test]
    public void Parse_NameOf255Octets_IsAcceptedAnd256IsNot()
    {
        DomainName.Parse(LongName(61) + ".").WireLength.ShouldBe(255);
        DomainName.TryParse(LongName(62) + ".", null, out _, out string? error).ShouldBeFalse();
        error.ShouldBe("name is longer than 255 octets");
        DomainName.TryParse(LongName(62) + ".x.", null, out _, out error).ShouldBeFalse();
        error.ShouldBe("name is longer than 255 octets");
    }

    [Test]
    public void Parse_RelativeNameOver255OctetsWithOrigin_IsRejected()
    {
        // 3*64 + 1 + 52 = 245 octets before the origin's 9 octets: 254, then one more label octet is 256.
        DomainName.Parse(LongName(52), Example).WireLength.ShouldBe(254);
        DomainName.Parse(LongName(53), Example).WireLength.ShouldBe(255);
        DomainName.TryParse(LongName(54), Example, out _, out string? error).ShouldBeFalse();
        error.ShouldBe("name is longer than 255 octets");
    }

    [TestCase("www.example.")]
    [TestCase("a\\.b.example.")]
    [TestCase("a\\\\b.example.")]
    [TestCase("\\000\\001\\032\\127\\255.example.")]
    [TestCase("\\\"\\(\\)\\;\\@\\$.example.")]
    [TestCase("*.Example.")]
    [TestCase(".")]
    public void ToString_EscapesSoThatParsingGivesTheSameOctets(string text)
    {
        DomainName name = DomainName.Parse(text);
        name.ToString().ShouldBe(text);
        DomainName.Parse(name.ToString()).Wire.SequenceEqual(name.Wire).ShouldBeTrue();
    }

    [Test]
    public void ToString_EveryOctetValue_RoundTrips()
    {
        for (int b = 0; b < 256; b++)
        {
            DomainName name = DomainName.FromWire([1, (byte)b, 0]);
            DomainName.Parse(name.ToString()).Wire.SequenceEqual(name.Wire).ShouldBeTrue($"octet {b}: {name}");
        }
    }

    [TestCase("www.example.", "example.", "www")]
    [TestCase("a.b.example.", "example.", "a.b")]
    [TestCase("example.", "example.", "@")]
    [TestCase("EXAMPLE.", "example.", "@")]
    [TestCase("a\\.b.example.", "example.", "a\\.b")]
    [TestCase("www.other.", "example.", "www.other.")]
    [TestCase("example.", "www.example.", "example.")]
    [TestCase("www.example.", ".", "www.example.")]
    public void ToString_WithOrigin_IsRelativeBelowTheOrigin(string name, string origin, string expected)
    {
        DomainName.Parse(name).ToString(DomainName.Parse(origin)).ShouldBe(expected);
        DomainName.Parse(DomainName.Parse(name).ToString(DomainName.Parse(origin)), DomainName.Parse(origin))
            .ShouldBe(DomainName.Parse(name));
    }

    [Test]
    public void FromWire_Malformed_Throws()
    {
        Should.Throw<FormatException>(() => DomainName.FromWire([3, (byte)'w', (byte)'w'])).Message.ShouldBe("name does not end with the root label");
        Should.Throw<FormatException>(() => DomainName.FromWire([0, 0])).Message.ShouldBe("root label before the end of the name");
        Should.Throw<FormatException>(() => DomainName.FromWire([64, .. new byte[64], 0])).Message.ShouldBe("label longer than 63 octets");
        Should.Throw<FormatException>(() => DomainName.FromWire(new byte[256])).Message.ShouldBe("name is longer than 255 octets");
    }
}
