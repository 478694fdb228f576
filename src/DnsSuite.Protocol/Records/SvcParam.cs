namespace DnsSuite.Protocol.Records;

/// <summary>One SvcParam of an SVCB or HTTPS record (RFC 9460 §2.2): a key and its wire-format value.</summary>
public readonly record struct SvcParam(SvcParamKey Key, ReadOnlyMemory<byte> Value);
