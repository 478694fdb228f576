namespace DnsSuite.TestSupport.Peers;

/// <summary>A zone a peer server serves as primary: its apex and the path of its zone file.</summary>
public sealed record PeerZone(string Name, string FilePath)
{
    /// <summary>The apex as an absolute name with a trailing dot.</summary>
    public string Apex => PeerServer.Absolute(Name);
}
