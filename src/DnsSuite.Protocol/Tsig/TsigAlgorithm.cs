using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// A TSIG MAC algorithm (RFC 8945 §6): its wire name, the short name BIND's configuration uses, and
/// the length of its full MAC.
/// </summary>
public sealed class TsigAlgorithm
{
    public static readonly TsigAlgorithm HmacMd5 = new("hmac-md5.sig-alg.reg.int.", "hmac-md5", 16, HashAlgorithmName.MD5);
    public static readonly TsigAlgorithm HmacSha1 = new("hmac-sha1.", "hmac-sha1", 20, HashAlgorithmName.SHA1);
    public static readonly TsigAlgorithm HmacSha224 = new("hmac-sha224.", "hmac-sha224", 28, null);
    public static readonly TsigAlgorithm HmacSha256 = new("hmac-sha256.", "hmac-sha256", 32, HashAlgorithmName.SHA256);
    public static readonly TsigAlgorithm HmacSha384 = new("hmac-sha384.", "hmac-sha384", 48, HashAlgorithmName.SHA384);
    public static readonly TsigAlgorithm HmacSha512 = new("hmac-sha512.", "hmac-sha512", 64, HashAlgorithmName.SHA512);

    private TsigAlgorithm(string name, string shortName, int hashSize, HashAlgorithmName? hashAlgorithm)
    {
        Name = DomainName.Parse(name);
        ShortName = shortName;
        HashSize = hashSize;
        HashAlgorithm = hashAlgorithm;
    }

    public static IReadOnlyList<TsigAlgorithm> All { get; } = [HmacMd5, HmacSha1, HmacSha224, HmacSha256, HmacSha384, HmacSha512];

    /// <summary>The algorithm name carried in the TSIG record, e.g. <c>hmac-sha256.</c>.</summary>
    public DomainName Name { get; }

    /// <summary>BIND's name, e.g. <c>hmac-sha256</c> (what <c>tsig-keygen -a</c> and <c>dig -y</c> take).</summary>
    public string ShortName { get; }

    /// <summary>The length of the untruncated MAC in octets.</summary>
    public int HashSize { get; }

    /// <summary>
    /// The shortest MAC a message may carry (RFC 8945 §5.2.2.1): the larger of 10 octets and half the
    /// hash length.
    /// </summary>
    public int MinimumMacSize => Math.Max(10, (HashSize + 1) / 2);

    /// <summary>The BCL hash, or null for SHA-224, which the BCL lacks.</summary>
    internal HashAlgorithmName? HashAlgorithm { get; }

    /// <summary>The algorithm whose wire name is <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryFromName(DomainName name, [NotNullWhen(true)] out TsigAlgorithm? algorithm)
    {
        algorithm = All.FirstOrDefault(a => a.Name.Equals(name));
        return algorithm is not null;
    }

    /// <summary>
    /// Accepts BIND's short names (<c>hmac-sha256</c>, <c>HMAC-MD5</c>) and the wire names, with or
    /// without the trailing dot, in any case.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TsigAlgorithm? algorithm)
    {
        algorithm = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string trimmed = text.EndsWith('.') ? text[..^1] : text;
        algorithm = All.FirstOrDefault(a => a.ShortName.Equals(trimmed, StringComparison.OrdinalIgnoreCase)
            || a.Name.ToString().TrimEnd('.').Equals(trimmed, StringComparison.OrdinalIgnoreCase));
        return algorithm is not null;
    }

    public override string ToString() => ShortName;
}
