using DnsSuite.Protocol.Messages;

namespace DnsSuite.Net;

/// <summary>A response as parsed, with the octets it arrived as (what TSIG verification covers).</summary>
public sealed record ReceivedMessage(Message Message, byte[] Wire);
