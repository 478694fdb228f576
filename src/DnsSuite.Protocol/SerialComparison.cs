namespace DnsSuite.Protocol;

/// <summary>The outcome of comparing two serial numbers under RFC 1982, where some pairs are unordered.</summary>
public enum SerialComparison
{
    Less,
    Equal,
    Greater,
    Undefined,
}
