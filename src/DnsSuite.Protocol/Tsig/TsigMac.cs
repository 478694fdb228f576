using System.Security.Cryptography;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// One keyed HMAC computation fed piece by piece (the digest components of RFC 8945 §4.3 arrive in
/// parts, and across messages in a zone transfer). The BCL computes every algorithm but SHA-224.
/// </summary>
internal sealed class TsigMac : IDisposable
{
    private readonly IncrementalHash? _bcl;
    private readonly HmacSha224? _sha224;

    public TsigMac(TsigAlgorithm algorithm, ReadOnlySpan<byte> secret)
    {
        Size = algorithm.HashSize;
        if (algorithm.HashAlgorithm is { } name)
        {
            _bcl = IncrementalHash.CreateHMAC(name, secret);
        }
        else
        {
            _sha224 = new HmacSha224(secret);
        }
    }

    /// <summary>The full MAC length in octets.</summary>
    public int Size { get; }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_bcl is not null)
        {
            _bcl.AppendData(data);
        }
        else
        {
            _sha224!.Append(data);
        }
    }

    /// <summary>The MAC of everything appended so far; the computation restarts with the same key.</summary>
    public byte[] Finish()
    {
        byte[] mac = new byte[Size];
        if (_bcl is not null)
        {
            _bcl.GetHashAndReset(mac);
        }
        else
        {
            _sha224!.Finish(mac);
        }

        return mac;
    }

    public void Dispose()
    {
        _bcl?.Dispose();
        _sha224?.Dispose();
    }
}
