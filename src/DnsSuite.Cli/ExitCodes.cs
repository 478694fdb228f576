namespace DnsSuite.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A run-time failure, such as an address that cannot be bound.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or configuration: nothing was started.</summary>
    public const int BadConfiguration = 2;
}
