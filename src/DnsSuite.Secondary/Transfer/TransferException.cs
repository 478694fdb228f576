namespace DnsSuite.Secondary.Transfer;

/// <summary>A SOA query or transfer that failed, with the kind of failure that decides what the refresh does next.</summary>
public sealed class TransferException : Exception
{
    public TransferException(TransferFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public TransferFailureKind Kind { get; }
}
