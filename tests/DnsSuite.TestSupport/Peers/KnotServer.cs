using System.Net;
using System.Text;

namespace DnsSuite.TestSupport.Peers;

/// <summary>
/// Knot DNS (knotd) in the foreground with its own knot.conf, logging to stderr, its control socket,
/// journal and timer databases in its folder, and one worker of each kind.
/// </summary>
public sealed class KnotServer : PeerServer
{
    private readonly string config;
    private readonly PeerTsigKey? tsig;
    private readonly IReadOnlyList<IPEndPoint> notify;
    private readonly IPEndPoint? primary;
    private readonly Func<string, string> zoneSection;
    private readonly Func<string, string> templates;

    private KnotServer(
        PeerTsigKey? tsig, IReadOnlyList<IPEndPoint> notify, IPEndPoint? primary, Func<string, string> zoneSection, Func<string, string>? templates = null)
        : base("knot")
    {
        this.tsig = tsig;
        this.notify = notify;
        this.primary = primary;
        this.zoneSection = zoneSection;
        this.templates = templates ?? (_ => string.Empty);
        config = Folder.Combine("knot.conf");
    }

    /// <summary>The control socket, for <c>knotc -s</c>.</summary>
    public string ControlSocket => Folder.Combine("knot.sock");

    /// <inheritdoc />
    protected override string Executable => "knotd";

    /// <summary>
    /// Starts Knot as primary of <paramref name="zones"/> (copied into its folder). Transfers and UPDATE are
    /// allowed from 127.0.0.1 (with <paramref name="tsig"/>, only signed ones); a reloaded zone file is
    /// loaded as a difference (<c>zonefile-load: difference</c>), so the change is in the journal and
    /// served as IXFR; NOTIFY goes to <paramref name="notify"/>.
    /// It listens on <paramref name="port"/>, or on a new <see cref="FreePort"/> when null.
    /// </summary>
    public static async Task<KnotServer> StartPrimaryAsync(
        IEnumerable<PeerZone> zones,
        IEnumerable<IPEndPoint>? notify = null,
        PeerTsigKey? tsig = null,
        int? port = null,
        CancellationToken cancellationToken = default)
    {
        var zoneList = zones.ToList();
        var targets = (notify ?? []).ToList();
        var server = new KnotServer(tsig, targets, null, dir =>
        {
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                var file = Path.Combine(dir, FileName(zone.Apex));
                File.Copy(zone.FilePath, file, overwrite: true);
                text.Append($"""
                      - domain: {zone.Apex}
                        file: "{file}"
                        zonefile-load: difference
                        zonefile-sync: -1
                        acl: [local]
                        {NotifyLine(targets)}

                    """);
            }

            return text.ToString();
        });
        return await StartOrDisposeAsync(server, zoneList[0].Apex, requireAnswer: true, port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts Knot as secondary of <paramref name="zones"/> from <paramref name="primary"/>: it accepts
    /// NOTIFY from the primary, requests IXFR and stores the changes in its journal, and serves transfers
    /// to 127.0.0.1. With <paramref name="tsig"/> transfers and NOTIFY are signed.
    /// </summary>
    public static async Task<KnotServer> StartSecondaryAsync(
        IEnumerable<string> zones,
        IPEndPoint primary,
        PeerTsigKey? tsig = null,
        IEnumerable<IPEndPoint>? notify = null,
        int? port = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var zoneList = zones.Select(Absolute).ToList();
        var targets = (notify ?? []).ToList();
        var server = new KnotServer(tsig, targets, primary, dir =>
        {
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                text.Append($"""
                      - domain: {zone}
                        file: "{Path.Combine(dir, FileName(zone))}"
                        master: primary
                        acl: [notify_from_primary, local]
                        retry-max-interval: 5
                        {NotifyLine(targets)}

                    """);
            }

            return text.ToString();
        });
        return await StartOrDisposeAsync(server, zoneList[0], requireAnswer: false, port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts Knot as a consumer of the catalog zone <paramref name="catalog"/> from <paramref name="primary"/>
    /// (<c>catalog-role: interpret</c>): each member becomes a secondary zone from the same primary, configured by the
    /// template whose id is the member's group property, or by the first of <paramref name="groups"/> (default: <c>member</c>).
    /// </summary>
    public static async Task<KnotServer> StartCatalogConsumerAsync(string catalog, IPEndPoint primary, IReadOnlyList<string>? groups = null, int? port = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        string apex = Absolute(catalog);
        IReadOnlyList<string> templateIds = groups is { Count: > 0 } ? groups : ["member"];
        var server = new KnotServer(
            null,
            [],
            primary,
            dir => $"""
                  - domain: {apex}
                    file: "{Path.Combine(dir, FileName(apex))}"
                    master: primary
                    acl: [notify_from_primary, local]
                    catalog-role: interpret
                    catalog-template: [{string.Join(", ", templateIds)}]

                """,
            dir => string.Concat(templateIds.Select(id => $"""
                  - id: {id}
                    storage: "{dir}"
                    master: primary
                    acl: [notify_from_primary, local]
                    retry-max-interval: 5

                """)));
        return await StartOrDisposeAsync(server, apex, requireAnswer: false, port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reloads all zone files through the control socket and waits until knotd has done it.</summary>
    public override async Task ReloadAsync(CancellationToken cancellationToken = default) =>
        (await ExternalTool.RunAsync(
            "knotc", ["-s", ControlSocket, "-b", "zone-reload"], cancellationToken: cancellationToken)
            .ConfigureAwait(false)).EnsureSuccess();

    /// <inheritdoc />
    protected override IReadOnlyList<string> Configure(int port)
    {
        var dir = Folder.Path;
        Directory.CreateDirectory(Path.Combine(dir, "db"));
        var key = tsig is null
            ? string.Empty
            : $"""
                key:
                  - id: {tsig.AbsoluteName}
                    algorithm: {tsig.Algorithm}
                    secret: {tsig.Secret}

                """;
        var aclKey = tsig is null ? string.Empty : $"\n    key: {tsig.AbsoluteName}";
        var remotes = new StringBuilder();
        var acls = new StringBuilder();
        if (primary is not null)
        {
            remotes.Append($"  - id: primary\n    address: {primary.Address}@{primary.Port}{aclKey}\n");
            acls.Append($"  - id: notify_from_primary\n    address: {primary.Address}\n    action: notify{aclKey}\n");
        }

        for (var i = 0; i < notify.Count; i++)
        {
            remotes.Append($"  - id: notify{i}\n    address: {notify[i].Address}@{notify[i].Port}{aclKey}\n");
        }
        var text = $"""
            server:
                rundir: "{dir}"
                listen: 127.0.0.1@{port}
                background-workers: 1
                udp-workers: 1
                tcp-workers: 1

            database:
                storage: "{dir}/db"

            log:
              - target: stderr
                any: info

            {key}
            {(remotes.Length == 0 ? string.Empty : "remote:\n" + remotes)}
            acl:
              - id: local
                address: 127.0.0.1
                action: [transfer, update]{aclKey}
            {acls}

            template:
              - id: default
                storage: "{dir}"
                journal-content: changes
            {templates(dir)}
            zone:
            {zoneSection(dir)}
            """;
        File.WriteAllText(config, text);
        return ["-c", config];
    }

    private static string NotifyLine(IReadOnlyList<IPEndPoint> targets) =>
        targets.Count == 0 ? string.Empty : $"notify: [{string.Join(", ", targets.Select((_, i) => $"notify{i}"))}]";

    private static string FileName(string apex) => apex.TrimEnd('.') + ".zone";
}
