using System.Text;
using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Protocol.Tests.Tsig;

public class HmacSha224Tests
{
    // RFC 4231 §4.2-§4.8 (test case 5 truncates, so it is left out); the same values come from
    // `openssl dgst -sha224 -mac HMAC` on this machine.
    private static readonly object[] Rfc4231Cases =
    [
        new object[] { new string('\x0b', 20), "Hi There", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22" },
        new object[] { "Jefe", "what do ya want for nothing?", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44" },
        new object[] { new string('\xaa', 20), new string('\xdd', 50), "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea" },
        new object[] { new string('\xaa', 131), "Test Using Larger Than Block-Size Key - Hash Key First", "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e" },
        new object[]
        {
            new string('\xaa', 131),
            "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
            "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
        },
    ];

    [TestCaseSource(nameof(Rfc4231Cases))]
    public void Mac_MatchesRfc4231(string key, string data, string expected)
    {
        using var hmac = new HmacSha224(Encoding.Latin1.GetBytes(key));
        hmac.Append(Encoding.Latin1.GetBytes(data));
        byte[] mac = new byte[Sha224.HashSize];

        hmac.Finish(mac);

        Convert.ToHexStringLower(mac).ShouldBe(expected);
    }

    [Test]
    public void Mac_FedInPieces_EqualsMacFedAtOnce_AndRestartsAfterFinish()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        using var hmac = new HmacSha224("key"u8);
        byte[] whole = new byte[Sha224.HashSize];
        byte[] pieces = new byte[Sha224.HashSize];
        hmac.Append(data);
        hmac.Finish(whole);

        foreach (byte[] chunk in data.Chunk(37))
        {
            hmac.Append(chunk);
        }

        hmac.Finish(pieces);

        pieces.ShouldBe(whole);
    }

    [TestCase("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [TestCase("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void Sha224_MatchesFips180Examples(string message, string expected)
    {
        var sha = new Sha224();
        sha.Append(Encoding.ASCII.GetBytes(message));
        byte[] digest = new byte[Sha224.HashSize];

        sha.Finish(digest);

        Convert.ToHexStringLower(digest).ShouldBe(expected);
    }

    [Test]
    public void Sha224_OfOneMillionAs_MatchesFips180Example()
    {
        var sha = new Sha224();
        byte[] block = Enumerable.Repeat((byte)'a', 1000).ToArray();
        for (int i = 0; i < 1000; i++)
        {
            sha.Append(block);
        }

        byte[] digest = new byte[Sha224.HashSize];
        sha.Finish(digest);

        Convert.ToHexStringLower(digest).ShouldBe("20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67");
    }
}
