namespace DnsSuite.Protocol.Tsig;

/// <summary>What verifying a message's TSIG found.</summary>
public enum TsigStatus
{
    /// <summary>The message carries no TSIG record.</summary>
    Unsigned,

    /// <summary>The MAC matched and the time was within the fudge.</summary>
    Verified,

    /// <summary>Verification failed; <see cref="TsigVerifyResult.Error"/> says how.</summary>
    Failed,
}
