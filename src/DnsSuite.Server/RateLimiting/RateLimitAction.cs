namespace DnsSuite.Server.RateLimiting;

/// <summary>What <see cref="ResponseRateLimiter"/> decides for one UDP response.</summary>
public enum RateLimitAction
{
    /// <summary>Send the response.</summary>
    Send,

    /// <summary>Send nothing.</summary>
    Drop,

    /// <summary>Send the header and question only, with TC set, so that a real client retries over TCP.</summary>
    Slip,
}
