using System.Net;
using System.Text;

namespace DnsSuite.TestSupport.Peers;

/// <summary>
/// BIND 9 (named) in the foreground (<c>-g</c>, logging to stderr) with its own named.conf: no rndc
/// (<c>controls { };</c>), no recursion, no DNSSEC validation, listening on 127.0.0.1 only.
/// </summary>
public sealed class BindServer : PeerServer
{
    private readonly string config;
    private readonly PeerTsigKey? tsig;
    private readonly Func<string, string> zoneStatements;
    private readonly bool queriesRequireKey;
    private readonly Func<string, string> optionStatements;

    private BindServer(PeerTsigKey? tsig, Func<string, string> zoneStatements, bool queriesRequireKey = false, Func<string, string>? optionStatements = null)
        : base("bind")
    {
        this.tsig = tsig;
        this.zoneStatements = zoneStatements;
        this.queriesRequireKey = queriesRequireKey;
        this.optionStatements = optionStatements ?? (_ => string.Empty);
        config = Folder.Combine("named.conf");
    }

    /// <inheritdoc />
    protected override string Executable => "named";

    /// <inheritdoc />
    protected override IReadOnlyList<string> QueryOptions => queriesRequireKey ? ["-y", tsig!.DigArgument] : [];

    /// <summary>
    /// Starts BIND as primary of <paramref name="zones"/> (copied into its folder). It allows transfers and
    /// UPDATE from 127.0.0.1 (with <paramref name="tsig"/>, only signed ones), keeps IXFR history for
    /// UPDATEs and for reloaded zone files (<c>ixfr-from-differences</c>), and sends NOTIFY at once to
    /// <paramref name="notify"/> only (<c>notify explicit; notify-delay 0</c>). With
    /// <paramref name="queriesRequireKey"/> it answers only queries signed with <paramref name="tsig"/>
    /// (<c>allow-query</c>), and the harness's own queries are signed.
    /// </summary>
    public static async Task<BindServer> StartPrimaryAsync(
        IEnumerable<PeerZone> zones,
        IEnumerable<IPEndPoint>? notify = null,
        PeerTsigKey? tsig = null,
        int? port = null,
        bool queriesRequireKey = false,
        CancellationToken cancellationToken = default)
    {
        if (queriesRequireKey && tsig is null)
        {
            throw new ArgumentException("queries can only require a key when there is one", nameof(queriesRequireKey));
        }

        var zoneList = zones.ToList();
        var targets = (notify ?? []).ToList();
        var server = new BindServer(tsig, dir =>
        {
            var allow = tsig is null ? "127.0.0.1;" : $"key \"{tsig.AbsoluteName}\";";
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                var file = Path.Combine(dir, FileName(zone.Apex));
                File.Copy(zone.FilePath, file, overwrite: true);
                text.Append($$"""
                    zone "{{zone.Apex}}" {
                        type primary;
                        file "{{file}}";
                        allow-transfer { {{allow}} };
                        allow-update { {{allow}} };
                        {{(queriesRequireKey ? $"allow-query {{ {allow} }};" : string.Empty)}}
                        ixfr-from-differences yes;
                        notify {{(targets.Count == 0 ? "no" : "explicit")}};
                        {{AlsoNotify(targets, tsig)}}
                    };

                    """);
            }

            return text.ToString();
        }, queriesRequireKey);
        return await StartOrDisposeAsync(server, zoneList[0].Apex, requireAnswer: true, port, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Starts BIND as secondary of <paramref name="zones"/> from <paramref name="primary"/>: it requests
    /// IXFR (falling back to AXFR), keeps a journal, accepts NOTIFY from the primary, and retries a failed
    /// refresh within seconds. With <paramref name="tsig"/> the transfers are signed.
    /// </summary>
    public static async Task<BindServer> StartSecondaryAsync(
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
        var server = new BindServer(tsig, dir =>
        {
            var key = tsig is null ? string.Empty : $" key \"{tsig.AbsoluteName}\"";
            var text = new StringBuilder();
            foreach (var zone in zoneList)
            {
                text.Append($$"""
                    zone "{{zone}}" {
                        type secondary;
                        file "{{Path.Combine(dir, FileName(zone))}}";
                        masterfile-format text;
                        primaries { {{primary.Address}} port {{primary.Port}}{{key}}; };
                        allow-notify { {{primary.Address}}; };
                        allow-transfer { 127.0.0.1; };
                        request-ixfr yes;
                        notify {{(targets.Count == 0 ? "no" : "explicit")}};
                        {{AlsoNotify(targets, tsig)}}
                    };

                    """);
            }

            return text.ToString();
        });
        return await StartOrDisposeAsync(server, zoneList[0], requireAnswer: false, port, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Starts BIND as a consumer of the catalog zone <paramref name="catalog"/> (RFC 9432, BIND's <c>catalog-zones</c>):
    /// the catalog is a secondary zone from <paramref name="primary"/>, and every member it lists becomes a secondary
    /// zone from the same primary (<c>default-primaries</c>), kept in the folder, re-read at most every second.
    /// </summary>
    public static async Task<BindServer> StartCatalogConsumerAsync(string catalog, IPEndPoint primary, int? port = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        string apex = Absolute(catalog);
        var server = new BindServer(
            null,
            dir => $$"""
                zone "{{apex}}" {
                    type secondary;
                    file "{{Path.Combine(dir, FileName(apex))}}";
                    masterfile-format text;
                    primaries { {{primary.Address}} port {{primary.Port}}; };
                    allow-notify { {{primary.Address}}; };
                    notify no;
                };
                """,
            optionStatements: dir => $$"""
                allow-new-zones yes;
                catalog-zones {
                    zone "{{apex}}" default-primaries { {{primary.Address}} port {{primary.Port}}; } zone-directory "{{dir}}" in-memory no min-update-interval 1;
                };
                """);
        return await StartOrDisposeAsync(server, apex, requireAnswer: false, port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGHUP: named reloads its configuration and the zone files that changed.</summary>
    public override Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        Signal(Signals.Hangup);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> Configure(int port)
    {
        var dir = Folder.Path;
        var text = $$"""
            options {
                directory "{{dir}}";
                pid-file "{{dir}}/named.pid";
                session-keyfile "{{dir}}/session.key";
                managed-keys-directory "{{dir}}";
                listen-on port {{port}} { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify-delay 0;
                notify-rate 1000;
                startup-notify-rate 1000;
                serial-query-rate 1000;
                min-refresh-time 1;
                min-retry-time 1;
                max-retry-time 5;
                transfers-in 100;
                transfers-out 100;
                {{optionStatements(dir)}}
            };
            controls { };

            {{KeyStatement()}}
            {{zoneStatements(dir)}}
            """;
        File.WriteAllText(config, text);
        return ["-g", "-n", "2", "-c", config];
    }

    private string KeyStatement() => tsig is null
        ? string.Empty
        : $$"""
            key "{{tsig.AbsoluteName}}" {
                algorithm {{tsig.Algorithm}};
                secret "{{tsig.Secret}}";
            };
            """;

    private static string AlsoNotify(IReadOnlyList<IPEndPoint> targets, PeerTsigKey? tsig)
    {
        if (targets.Count == 0)
        {
            return string.Empty;
        }

        var key = tsig is null ? string.Empty : $" key \"{tsig.AbsoluteName}\"";
        return $"also-notify {{ {string.Concat(targets.Select(t => $"{t.Address} port {t.Port}{key}; "))}}};";
    }

    private static string FileName(string apex) => apex.TrimEnd('.') + ".zone";
}
