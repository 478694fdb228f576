using System.Net;
using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Secondary;

/// <summary>A primary as the refresh uses it: where it is, and the key that signs requests to it (null: unsigned).</summary>
public sealed record PrimaryServer(IPEndPoint EndPoint, TsigKey? Key)
{
    public override string ToString() => Key is null ? EndPoint.ToString() : $"{EndPoint} (key {Key.Name})";
}
