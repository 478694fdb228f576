using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Protocol.Tests.Tsig;

public class TsigKeyTests
{
    [TestCase("hmac-sha256", "hmac-sha256.")]
    [TestCase("HMAC-SHA256", "hmac-sha256.")]
    [TestCase("hmac-sha224.", "hmac-sha224.")]
    [TestCase("hmac-md5", "hmac-md5.sig-alg.reg.int.")]
    [TestCase("HMAC-MD5.SIG-ALG.REG.INT", "hmac-md5.sig-alg.reg.int.")]
    [TestCase("hmac-sha1", "hmac-sha1.")]
    [TestCase("hmac-sha384", "hmac-sha384.")]
    [TestCase("hmac-sha512", "hmac-sha512.")]
    public void Algorithm_TryParse_AcceptsShortAndWireNames(string text, string wireName)
    {
        TsigAlgorithm.TryParse(text, out TsigAlgorithm? algorithm).ShouldBeTrue();

        algorithm.Name.ToString().ShouldBe(wireName);
    }

    [TestCase("hmac-sha3")]
    [TestCase("")]
    [TestCase("sha256")]
    public void Algorithm_TryParse_RejectsUnknownNames(string text) =>
        TsigAlgorithm.TryParse(text, out _).ShouldBeFalse();

    [Test]
    public void Algorithm_TryFromName_IsCaseInsensitive()
    {
        TsigAlgorithm.TryFromName(DomainName.Parse("HMAC-SHA256."), out TsigAlgorithm? algorithm).ShouldBeTrue();

        algorithm.ShouldBeSameAs(TsigAlgorithm.HmacSha256);
    }

    [Test]
    public void KeyRing_FindsKeysCaseInsensitively_AndRejectsDuplicates()
    {
        var key = new TsigKey(DomainName.Parse("Transfer.Example."), TsigAlgorithm.HmacSha256, [1, 2, 3]);
        var ring = new TsigKeyRing([key]);

        ring.TryGet(DomainName.Parse("transfer.EXAMPLE."), out TsigKey? found).ShouldBeTrue();
        found.ShouldBeSameAs(key);
        ring.TryGet(DomainName.Parse("other.example."), out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => ring.Add(new TsigKey(DomainName.Parse("transfer.example."), TsigAlgorithm.HmacSha1, [4])));
    }

    [Test]
    public void Key_ToString_NamesKeyAndAlgorithm_NeverTheSecret()
    {
        byte[] secret = Convert.FromBase64String("c2VjcmV0LXZhbHVlLTEyMw==");
        var key = new TsigKey(DomainName.Parse("k1."), TsigAlgorithm.HmacSha512, secret);

        key.ToString().ShouldBe("k1. (hmac-sha512)");
    }

    [Test]
    public void Key_CopiesTheSecret()
    {
        byte[] secret = [1, 2, 3];
        var key = new TsigKey(DomainName.Parse("k1."), TsigAlgorithm.HmacSha256, secret);
        secret[0] = 9;

        key.Secret.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Test]
    public void Key_EmptySecret_Throws() =>
        Should.Throw<ArgumentException>(() => new TsigKey(DomainName.Parse("k1."), TsigAlgorithm.HmacSha256, []));
}
