using System.Net;
using System.Text;

namespace DnsSuite.TestSupport.Peers;

/// <summary>
/// NSD in the foreground (<c>nsd -d</c>, so its forked server and xfrd processes stay our children),
/// with its own nsd.conf: no privilege drop (<c>username: ""</c>), no control socket, no database file,
/// response rate limiting off (<c>rrl-ratelimit: 0</c>), every state file in its folder.
/// </summary>
public sealed class NsdServer : PeerServer
{
    private readonly string config;
    private readonly PeerTsigKey? tsig;
    private readonly Func<string, string> zoneSection;

    private NsdServer(PeerTsigKey? tsig, Func<string, string> zoneSection)
        : base("nsd")
    {
        this.tsig = tsig;
        this.zoneSection = zoneSection;
        config = Folder.Combine("nsd.conf");
    }

    /// <inheritdoc />
    protected override string Executable => "nsd";

    /// <inheritdoc />
    protected override string? LogFilePath => Folder.Combine("nsd.log");

    /// <summary>
    /// Starts NSD as primary of <paramref name="zones"/> (copied into its folder). Transfers are allowed to
    /// 127.0.0.1 (with <paramref name="tsig"/>, only signed ones); IXFR is created from reloaded zone files
    /// (<c>create-ixfr</c>, <c>store-ixfr</c>); NOTIFY goes to <paramref name="notify"/>.
    /// </summary>
    public static async Task<NsdServer> StartPrimaryAsync(
        IEnumerable<PeerZone> zones,
        IEnumerable<IPEndPoint>? notify = null,
        PeerTsigKey? tsig = null,
        CancellationToken cancellationToken = default)
    {
        var zoneList = zones.ToList();
        var targets = (notify ?? []).ToList();
        var keyName = KeyName(tsig);
        var server = new NsdServer(tsig, dir =>
        {
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                var file = Path.Combine(dir, FileName(zone.Apex));
                File.Copy(zone.FilePath, file, overwrite: true);
                text.Append($"""
                    zone:
                        name: "{zone.Apex}"
                        zonefile: "{file}"
                        provide-xfr: 127.0.0.1 {keyName}
                        store-ixfr: yes
                        create-ixfr: yes
                    {NotifyLines(targets, keyName)}

                    """);
            }

            return text.ToString();
        });
        return await StartOrDisposeAsync(server, zoneList[0].Apex, requireAnswer: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts NSD as secondary of <paramref name="zones"/> from <paramref name="primary"/>: NOTIFY from the
    /// primary is allowed, IXFR is requested (with AXFR fallback) and stored, failed refreshes are retried
    /// within seconds. With <paramref name="tsig"/> transfers and NOTIFY are signed.
    /// </summary>
    public static async Task<NsdServer> StartSecondaryAsync(
        IEnumerable<string> zones,
        IPEndPoint primary,
        PeerTsigKey? tsig = null,
        IEnumerable<IPEndPoint>? notify = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var zoneList = zones.Select(Absolute).ToList();
        var targets = (notify ?? []).ToList();
        var keyName = KeyName(tsig);
        var server = new NsdServer(tsig, dir =>
        {
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                text.Append($"""
                    zone:
                        name: "{zone}"
                        zonefile: "{Path.Combine(dir, FileName(zone))}"
                        request-xfr: {primary.Address}@{primary.Port} {keyName}
                        allow-notify: {primary.Address} {keyName}
                        provide-xfr: 127.0.0.1 {keyName}
                        store-ixfr: yes
                        min-retry-time: 1
                        max-retry-time: 5
                    {NotifyLines(targets, keyName)}

                    """);
            }

            return text.ToString();
        });
        return await StartOrDisposeAsync(server, zoneList[0], requireAnswer: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGHUP: NSD reads the zone files whose modification time changed.</summary>
    public override Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        Signal(Signals.Hangup);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> Configure(int port)
    {
        var dir = Folder.Path;
        var key = tsig is null
            ? string.Empty
            : $"""
                key:
                    name: "{tsig.AbsoluteName}"
                    algorithm: {tsig.Algorithm}
                    secret: "{tsig.Secret}"

                """;
        var text = $"""
            server:
                ip-address: 127.0.0.1@{port}
                do-ip6: no
                username: ""
                chroot: ""
                zonesdir: "{dir}"
                database: ""
                zonelistfile: "{dir}/zone.list"
                pidfile: "{dir}/nsd.pid"
                xfrdfile: "{dir}/xfrd.state"
                xfrdir: "{dir}"
                logfile: "{dir}/nsd.log"
                server-count: 1
                verbosity: 2
                rrl-ratelimit: 0
                xfrd-reload-timeout: 0

            remote-control:
                control-enable: no

            {key}
            {zoneSection(dir)}
            """;
        File.WriteAllText(config, text);
        return ["-d", "-c", config];
    }

    private static string KeyName(PeerTsigKey? tsig) => tsig is null ? "NOKEY" : tsig.AbsoluteName;

    private static string NotifyLines(IReadOnlyList<IPEndPoint> targets, string keyName) =>
        string.Concat(targets.Select(t => $"    notify: {t.Address}@{t.Port} {keyName}\n"));

    private static string FileName(string apex) => apex.TrimEnd('.') + ".zone";
}
