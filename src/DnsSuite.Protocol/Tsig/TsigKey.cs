namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// A shared TSIG secret and the name and algorithm it is used with (RFC 8945 §3). The secret never
/// appears in <see cref="ToString"/> nor in any message this library produces.
/// </summary>
public sealed class TsigKey
{
    private readonly byte[] _secret;

    public TsigKey(DomainName name, TsigAlgorithm algorithm, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0)
        {
            throw new ArgumentException("a TSIG secret must not be empty", nameof(secret));
        }

        Name = name;
        Algorithm = algorithm;
        _secret = secret.ToArray();
    }

    /// <summary>The key name, which is the owner name of the TSIG record.</summary>
    public DomainName Name { get; }

    public TsigAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Secret => _secret;

    internal TsigMac CreateMac() => new(Algorithm, _secret);

    /// <summary>The name and algorithm, e.g. <c>transfer.example. (hmac-sha256)</c>; never the secret.</summary>
    public override string ToString() => $"{Name} ({Algorithm.ShortName})";
}
