using System.Security.Cryptography;

namespace DnsSuite.Protocol.Tsig;

/// <summary>Incremental HMAC (RFC 2104) over <see cref="Sha224"/>.</summary>
internal sealed class HmacSha224 : IDisposable
{
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    private readonly Sha224 _hash = new();
    private readonly byte[] _innerKey = new byte[Sha224.BlockSize];
    private readonly byte[] _outerKey = new byte[Sha224.BlockSize];

    public HmacSha224(ReadOnlySpan<byte> key)
    {
        // RFC 2104 §2: a key longer than the block is hashed first; shorter keys are zero-padded.
        Span<byte> block = stackalloc byte[Sha224.BlockSize];
        block.Clear();
        if (key.Length > Sha224.BlockSize)
        {
            _hash.Append(key);
            _hash.Finish(block);
        }
        else
        {
            key.CopyTo(block);
        }

        for (int i = 0; i < Sha224.BlockSize; i++)
        {
            _innerKey[i] = (byte)(block[i] ^ InnerPad);
            _outerKey[i] = (byte)(block[i] ^ OuterPad);
        }

        CryptographicOperations.ZeroMemory(block);
        _hash.Append(_innerKey);
    }

    public void Append(ReadOnlySpan<byte> data) => _hash.Append(data);

    /// <summary>Writes the 28-octet MAC and restarts with the same key.</summary>
    public void Finish(Span<byte> destination)
    {
        Span<byte> inner = stackalloc byte[Sha224.HashSize];
        _hash.Finish(inner);
        _hash.Append(_outerKey);
        _hash.Append(inner);
        _hash.Finish(destination);
        _hash.Append(_innerKey);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_innerKey);
        CryptographicOperations.ZeroMemory(_outerKey);
    }
}
