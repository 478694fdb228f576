namespace DnsSuite.TestSupport.Network;

/// <summary>A host of a <see cref="NetworkLab"/>: a network namespace with one address on the lab's bridge.</summary>
public sealed record LabHost(string Name, string Namespace, string Address, string SwitchPort)
{
    /// <summary>The command prefix that runs a program on this host: <c>ip netns exec NAMESPACE</c>.</summary>
    public IReadOnlyList<string> Exec => [ExternalTool.Require("ip"), "netns", "exec", Namespace];

    /// <summary>Runs <paramref name="tool"/> (found like <see cref="ExternalTool.Require"/>) on this host.</summary>
    public Task<ToolResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ExternalTool.RunAsync("ip", ["netns", "exec", Namespace, ExternalTool.Require(tool), .. arguments], timeout);
}
