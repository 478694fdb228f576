using DnsSuite.Protocol;

namespace DnsSuite.Protocol.Tests.Names;

public class DomainNameOperationsTests
{
    private static DomainName N(string text) => DomainName.Parse(text);

    [TestCase("www.example.", "WWW.EXAMPLE.")]
    [TestCase("www.example.", "wWw.ExAmPlE.")]
    [TestCase(".", ".")]
    public void Equality_IgnoresAsciiCase(string a, string b)
    {
        N(a).ShouldBe(N(b));
        (N(a) == N(b)).ShouldBeTrue();
        N(a).GetHashCode().ShouldBe(N(b).GetHashCode());
        DomainName.WireEquals(N(a).Wire, N(b).Wire).ShouldBeTrue();
    }

    [TestCase("a.example.", "b.example.")]
    [TestCase("example.", "example.com.")]
    [TestCase("\\064.", "\\096.")] // '@' and '`' differ only in bit 0x20 but are not letters
    [TestCase("\\091.", "\\123.")] // '[' and '{'
    [TestCase("\\001a.", "\\033a.")] // length-like octets
    [TestCase("ab.", "a.b.")]
    public void Equality_DistinguishesDifferentNames(string a, string b)
    {
        N(a).ShouldNotBe(N(b));
        (N(a) != N(b)).ShouldBeTrue();
        N(a).Equals((object?)null).ShouldBeFalse();
    }

    [Test]
    public void GetHashCode_EqualsComputeHashOfAnyCaseOfTheWireForm()
    {
        var random = new Random(1982);
        foreach (string text in new[] { "www.example.", "a.b.c.d.e.", ".", "xn--bcher-kva.example.", "\\255\\000.z." })
        {
            DomainName name = N(text);
            int hash = name.GetHashCode();
            for (int trial = 0; trial < 20; trial++)
            {
                byte[] wire = name.Wire.ToArray();
                for (int i = 0; i < wire.Length; i++)
                {
                    if (char.IsAsciiLetter((char)wire[i]) && random.Next(2) == 0)
                    {
                        wire[i] ^= 0x20;
                    }
                }

                DomainName.ComputeHash(wire).ShouldBe(hash);
                DomainName.FromWire(wire).GetHashCode().ShouldBe(hash);
            }
        }
    }

    private static readonly string[] Rfc4034Order =
    [
        "example.",
        "a.example.",
        "yljkjljk.a.example.",
        "Z.a.example.",
        "zABC.a.EXAMPLE.",
        "z.example.",
        "\\001.z.example.",
        "*.z.example.",
        "\\200.z.example.",
    ];

    [Test]
    public void CanonicalComparer_SortsTheRfc4034Section61Example()
    {
        var random = new Random(4034);
        for (int trial = 0; trial < 10; trial++)
        {
            List<DomainName> names = [.. Rfc4034Order.Select(N).OrderBy(_ => random.Next())];
            names.Sort(DomainName.CanonicalComparer);
            names.Select(n => n.ToString()).ShouldBe(Rfc4034Order);
        }
    }

    [Test]
    public void CompareCanonical_IsAntisymmetricOnTheRfc4034Example()
    {
        for (int i = 0; i < Rfc4034Order.Length; i++)
        {
            for (int j = 0; j < Rfc4034Order.Length; j++)
            {
                int c = DomainName.CompareCanonical(N(Rfc4034Order[i]), N(Rfc4034Order[j]));
                Math.Sign(c).ShouldBe(i.CompareTo(j), $"{Rfc4034Order[i]} vs {Rfc4034Order[j]}");
            }
        }
    }

    [Test]
    public void CompareCanonical_IgnoresCaseAndPutsRootFirst()
    {
        DomainName.CompareCanonical(N("A.EXAMPLE."), N("a.example.")).ShouldBe(0);
        DomainName.CompareCanonical(DomainName.Root, N("a.")).ShouldBeLessThan(0);
        DomainName.CompareCanonical(N("a."), N("aa.")).ShouldBeLessThan(0);
    }

    [TestCase("www.example.", "example.", true)]
    [TestCase("www.example.", "EXAMPLE.", true)]
    [TestCase("example.", "example.", true)]
    [TestCase("example.", ".", true)]
    [TestCase(".", ".", true)]
    [TestCase("example.", "www.example.", false)]
    [TestCase("wwwexample.", "example.", false)]
    [TestCase("www.example.com.", "example.", false)]
    [TestCase("a.b.example.", "b.example.", true)]
    public void IsSubdomainOf_ComparesWholeLabels(string name, string ancestor, bool expected)
    {
        N(name).IsSubdomainOf(N(ancestor)).ShouldBe(expected);
    }

    [Test]
    public void Parent_RemovesTheFirstLabel()
    {
        N("www.example.").Parent().ShouldBe(N("example."));
        N("www.example.").Parent().LabelCount.ShouldBe(1);
        N("example.").Parent().IsRoot.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => DomainName.Root.Parent());
    }

    [Test]
    public void Suffix_KeepsTheRightmostLabels()
    {
        DomainName name = N("a.b.example.");
        name.Suffix(3).ShouldBeSameAs(name);
        name.Suffix(2).ShouldBe(N("b.example."));
        name.Suffix(1).ShouldBe(N("example."));
        name.Suffix(0).IsRoot.ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => name.Suffix(4));
        Should.Throw<ArgumentOutOfRangeException>(() => name.Suffix(-1));
    }

    [Test]
    public void Prepend_AddsALabelWithinTheLimits()
    {
        N("example.").Prepend("www").ShouldBe(N("www.example."));
        N("example.").Prepend([(byte)'.']).ToString().ShouldBe("\\..example.");
        DomainName.Root.Prepend("*").IsWildcard.ShouldBeTrue();
        Should.Throw<ArgumentException>(() => N("example.").Prepend(""));
        Should.Throw<ArgumentException>(() => N("example.").Prepend(new string('a', 64)));
        N("example.").Prepend(new string('a', 63)).WireLength.ShouldBe(9 + 64);

        DomainName almostFull = N($"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.");
        almostFull.WireLength.ShouldBe(193);
        almostFull.Prepend(new string('d', 61)).WireLength.ShouldBe(255);
        Should.Throw<ArgumentException>(() => almostFull.Prepend(new string('d', 62)));
    }

    [Test]
    public void TryReplaceSuffix_SubstitutesLikeDname()
    {
        N("a.b.old.example.").TryReplaceSuffix(N("old.example."), N("new.test."), out DomainName? result).ShouldBeTrue();
        result.ShouldBe(N("a.b.new.test."));
        result!.LabelCount.ShouldBe(4);

        N("OLD.example.").TryReplaceSuffix(N("old.example."), DomainName.Root, out result).ShouldBeTrue();
        result!.IsRoot.ShouldBeTrue();

        N("a.other.").TryReplaceSuffix(N("old.example."), N("new."), out result).ShouldBeFalse();
        result.ShouldBeNull();
    }

    [Test]
    public void TryReplaceSuffix_ResultOver255Octets_Fails()
    {
        DomainName longTarget = N($"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 50)}.");
        N("x.old.").TryReplaceSuffix(N("old."), longTarget, out DomainName? fits).ShouldBeTrue();
        fits!.WireLength.ShouldBe(2 + longTarget.WireLength);
        N("xyzxyzxyzxyz.old.").TryReplaceSuffix(N("old."), longTarget, out DomainName? tooLong).ShouldBeFalse();
        tooLong.ShouldBeNull();
    }

    [TestCase("*.example.", true)]
    [TestCase("*.", true)]
    [TestCase("*a.example.", false)]
    [TestCase("a.*.example.", false)]
    [TestCase("\\*.example.", true)]
    [TestCase(".", false)]
    public void IsWildcard_OnlyForAFirstLabelOfAsterisk(string name, bool expected)
    {
        N(name).IsWildcard.ShouldBe(expected);
    }

    [Test]
    public void ToLowerInvariant_LowersOnlyLetters()
    {
        DomainName mixed = N("WwW.\\064\\091.Example.");
        DomainName lower = mixed.ToLowerInvariant();
        lower.ToString().ShouldBe("www.\\@[.example.");
        lower.ShouldBe(mixed);
        lower.ToLowerInvariant().ShouldBeSameAs(lower);
        mixed.HasUpperCase.ShouldBeTrue();
        lower.HasUpperCase.ShouldBeFalse();
        N("\\090.").HasUpperCase.ShouldBeTrue();
        N("\\091\\064.").HasUpperCase.ShouldBeFalse();
        N("www.").FirstLabel.SequenceEqual("www"u8).ShouldBeTrue();
        DomainName.Root.FirstLabel.IsEmpty.ShouldBeTrue();
    }
}
