namespace DnsSuite.TestSupport.Peers;

/// <summary>A TSIG key as peers' configuration files spell it (algorithm e.g. "hmac-sha256").</summary>
public sealed record PeerTsigKey(string Name, string Algorithm, string Secret)
{
    /// <summary>The key name as an absolute name with a trailing dot.</summary>
    public string AbsoluteName => PeerServer.Absolute(Name);

    /// <summary>The argument for dig's and nsupdate's <c>-y</c> option.</summary>
    public string DigArgument => $"{Algorithm}:{AbsoluteName}:{Secret}";
}
