namespace DnsSuite.ChangeLog;

/// <summary>
/// An append was refused because the change message is larger than the log accepts (on Kafka: the producer's
/// <c>message.max.bytes</c> or the topic's <c>max.message.bytes</c>). Nothing was written and the log stays usable;
/// the message names the zone, the size and the limit, and says how to raise it.
/// </summary>
public sealed class ChangeTooLargeException(string message, Exception? innerException = null) : Exception(message, innerException);
