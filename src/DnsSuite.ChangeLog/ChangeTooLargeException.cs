namespace DnsSuite.ChangeLog;

/// <summary>
/// An append was refused because the change message is larger than the log accepts (on Kafka: the producer's
/// <c>message.max.bytes</c> or the topic's <c>max.message.bytes</c>). Nothing was written; the log stays usable. The
/// message says how to raise the limit.
/// </summary>
public sealed class ChangeTooLargeException : Exception
{
    public ChangeTooLargeException(string zoneKey, int size, int limit, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ZoneKey = zoneKey;
        Size = size;
        Limit = limit;
    }

    /// <summary>The key of the refused message (its zone).</summary>
    public string ZoneKey { get; }

    /// <summary>The octets of the refused message's value.</summary>
    public int Size { get; }

    /// <summary>The writer's own limit on a message (key and record overhead included).</summary>
    public int Limit { get; }
}
