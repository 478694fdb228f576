using System.Globalization;
using System.Text.RegularExpressions;

namespace DnsSuite.TestSupport.Network;

/// <summary>
/// Hosts on a private network that exists only for a test: a bridge in a network namespace of its own, and one
/// namespace per host joined to it by a veth pair (needs root). No namespace has a route anywhere else and the
/// root namespace is not on the bridge, so whatever the hosts send stays among them. Host names resolve through
/// <c>/etc/netns/NAMESPACE/hosts</c>, which <c>ip netns exec</c> puts in place of <c>/etc/hosts</c>. Dispose kills
/// whatever still runs in the lab's namespaces (only the test's own processes can be there), then deletes every
/// namespace, link and hosts file; a lab left behind by a test process that died is removed by the next lab made.
/// </summary>
public sealed partial class NetworkLab : IDisposable
{
    private const string NetnsEtc = "/etc/netns";
    private static int labs;

    private readonly string prefix;
    private readonly string switchNamespace;
    private readonly int prefixLength;
    private readonly List<LabHost> hosts = [];
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);

    /// <summary>Makes the bridge; hosts get addresses in a /<paramref name="prefixLength"/> network.</summary>
    public NetworkLab(int prefixLength = 24)
    {
        RemoveAbandonedLabs();
        this.prefixLength = prefixLength;
        prefix = string.Create(CultureInfo.InvariantCulture, $"dsl{Environment.ProcessId}-{Interlocked.Increment(ref labs)}-");
        switchNamespace = prefix + "switch";
        try
        {
            Ip("netns", "add", switchNamespace);
            Ip("-n", switchNamespace, "link", "add", "br0", "type", "bridge");
            Ip("-n", switchNamespace, "link", "set", "br0", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<LabHost> Hosts => hosts;

    /// <summary>A new host called <paramref name="name"/> with <paramref name="address"/> on the bridge, and its loopback.</summary>
    public LabHost AddHost(string name, string address)
    {
        var host = new LabHost(name, prefix + name, address, "port" + hosts.Count.ToString(CultureInfo.InvariantCulture));
        hosts.Add(host);
        Ip("netns", "add", host.Namespace);
        Ip("link", "add", "eth0", "netns", host.Namespace, "type", "veth", "peer", "name", host.SwitchPort, "netns", switchNamespace);
        Ip("-n", switchNamespace, "link", "set", host.SwitchPort, "master", "br0", "up");
        Ip("-n", host.Namespace, "addr", "add", $"{address}/{prefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", "eth0");
        Ip("-n", host.Namespace, "link", "set", "eth0", "up");
        Ip("-n", host.Namespace, "link", "set", "lo", "up");
        names[name] = address;
        WriteHostsFiles();
        return host;
    }

    /// <summary>Makes <paramref name="name"/> resolve to <paramref name="address"/> on every host (programs started afterwards).</summary>
    public void AddName(string name, string address)
    {
        names[name] = address;
        WriteHostsFiles();
    }

    /// <summary>Pulls (<paramref name="up"/> false) or plugs back the cable of <paramref name="host"/>: its bridge port goes down or up.</summary>
    public void SetLink(LabHost host, bool up) => Ip("-n", switchNamespace, "link", "set", host.SwitchPort, up ? "up" : "down");

    public void Dispose()
    {
        foreach (var host in hosts)
        {
            Remove(host.Namespace);
        }

        Remove(switchNamespace);
    }

    private void WriteHostsFiles()
    {
        var text = "127.0.0.1 localhost\n" + string.Concat(names.Select(n => $"{n.Value} {n.Key}\n"));
        foreach (var host in hosts)
        {
            var folder = Path.Combine(NetnsEtc, host.Namespace);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "hosts"), text);
        }
    }

    /// <summary>Kills what still runs in the namespace, deletes it (its end of each veth pair goes with it) and its hosts file.</summary>
    private static void Remove(string ns)
    {
        var pids = ExternalTool.Run("ip", ["netns", "pids", ns]);
        if (pids.Succeeded)
        {
            foreach (var pid in pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    Signals.Send(int.Parse(pid, CultureInfo.InvariantCulture), 9);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            ExternalTool.Run("ip", ["netns", "del", ns]);
        }

        var folder = Path.Combine(NetnsEtc, ns);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RemoveAbandonedLabs()
    {
        var list = ExternalTool.Run("ip", ["netns", "list"]);
        foreach (Match match in AbandonedName().Matches(list.StdOut))
        {
            var owner = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            if (!Directory.Exists($"/proc/{owner.ToString(CultureInfo.InvariantCulture)}"))
            {
                Remove(match.Groups["name"].Value);
            }
        }
    }

    private static void Ip(params string[] arguments) => ExternalTool.Run("ip", arguments).EnsureSuccess();

    [GeneratedRegex(@"^(?<name>dsl(?<pid>\d+)-\d+-\S+)", RegexOptions.Multiline)]
    private static partial Regex AbandonedName();
}
