namespace DnsSuite.Server.Notify;

/// <summary>One zone's entry under <c>Notify:Zones</c>.</summary>
public sealed class ZoneNotifyOptions
{
    /// <summary>Targets notified for this zone besides the global <see cref="NotifyOptions.AlsoNotify"/>, as IP:PORT.</summary>
    public List<string> AlsoNotify { get; set; } = [];
}
