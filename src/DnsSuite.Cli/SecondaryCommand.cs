using System.CommandLine;
using DnsSuite.Net;
using DnsSuite.Secondary;
using DnsSuite.Observability;
using DnsSuite.Server.Hosting;
using DnsSuite.Server.Limits;
using DnsSuite.Server.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite secondary</c>: pulls zones from their primaries (SOA, IXFR, AXFR; NOTIFY and SOA timers), serves them,
/// keeps them in the data directory, and serves AXFR/IXFR and sends NOTIFY to its own secondaries.
/// </summary>
internal static class SecondaryCommand
{
    private static readonly Option<string[]> ZoneOption = new("--zone")
    {
        Description = "NAME@PRIMARY[,PRIMARY...] with PRIMARY = IP:PORT or IP:PORT:KEYNAME (IPv6 as [addr]:PORT); repeatable",
    };

    private static readonly Option<string[]> CatalogOption = new("--catalog")
    {
        Description = "NAME@PRIMARY[,PRIMARY...]: a catalog zone (RFC 9432) whose member zones are followed from the same primaries; repeatable",
    };

    private static readonly Option<string?> DataOption = new("--data") { Description = "folder where the zones and their timers are kept" };
    private static readonly Option<string?> KeyFileOption = new("--key-file") { Description = "TSIG keys (BIND key statements or JSON) that primaries may name" };

    public static Command Create()
    {
        var command = new Command("secondary", "Run a secondary server that follows zones from their primaries");
        command.Options.Add(CommandHost.ConfigOption);
        command.Options.Add(CommandHost.ListenOption);
        command.Options.Add(ZoneOption);
        command.Options.Add(CatalogOption);
        command.Options.Add(DataOption);
        command.Options.Add(KeyFileOption);
        CommandHost.AddServerOptions(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken) =>
        CommandHost.RunAsync(
            parsed.GetValue(CommandHost.ConfigOption),
            FlagValues(parsed),
            AddSecondary,
            services =>
            {
                _ = services.GetRequiredService<IOptions<ServerOptions>>().Value;
                _ = services.GetRequiredService<IOptions<HttpOptions>>().Value;
                _ = services.GetRequiredService<IOptions<RRsetLimitOptions>>().Value;
                _ = services.GetRequiredService<SecondaryService>();
                _ = services.GetRequiredService<TransferAccessPolicy>();
            },
            cancellationToken);

    /// <summary>
    /// The secondary role on top of the server and its transfer side. Its hosted service is registered first: hosted
    /// services start in order, so persisted zones are in the table before the listeners start.
    /// </summary>
    private static void AddSecondary(HostApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddSecondary(builder.Configuration);
        services.AddDynamicUpdates(builder.Configuration);
        services.AddZoneTransfers(builder.Configuration);
        services.AddDnsServer(builder.Configuration);
        services.AddSingleton<IExpectedZones>(provider => new ExpectedZones(() => provider.GetRequiredService<SecondaryService>().Origins));
        services.AddObservability(builder.Configuration, "secondary");
    }

    private static IEnumerable<KeyValuePair<string, string?>> FlagValues(ParseResult parsed)
    {
        string section = SecondaryOptions.SectionName;
        IEnumerable<KeyValuePair<string, string?>> zones = ZoneValues($"{section}:{nameof(SecondaryOptions.Zones)}", parsed.GetValue(ZoneOption) ?? [])
            .Concat(ZoneValues($"{section}:{nameof(SecondaryOptions.Catalogs)}", parsed.GetValue(CatalogOption) ?? []));
        foreach (KeyValuePair<string, string?> value in zones)
        {
            yield return value;
        }

        if (parsed.GetValue(DataOption) is { } data)
        {
            yield return new($"{section}:{nameof(SecondaryOptions.DataDirectory)}", data);
        }

        if (parsed.GetValue(KeyFileOption) is { } keyFile)
        {
            yield return new(TransferServiceCollectionExtensions.KeyFileKey, keyFile);
        }

        foreach (KeyValuePair<string, string?> value in CommandHost.ServerFlagValues(parsed))
        {
            yield return value;
        }
    }

    /// <summary>The configuration keys of NAME@PRIMARY[,PRIMARY...] values under <paramref name="list"/> (Secondary:Zones or Secondary:Catalogs).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ZoneValues(string list, string[] zones)
    {
        for (int i = 0; i < zones.Length; i++)
        {
            string zone = $"{list}:{i}";
            int at = zones[i].IndexOf('@', StringComparison.Ordinal);
            yield return new($"{zone}:{nameof(SecondaryZoneOptions.Name)}", at < 0 ? zones[i] : zones[i][..at]);
            string[] primaries = at < 0 ? [] : zones[i][(at + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (int j = 0; j < primaries.Length; j++)
            {
                (string address, string? key) = SplitPrimary(primaries[j]);
                string primary = $"{zone}:{nameof(SecondaryZoneOptions.Primaries)}:{j}";
                yield return new($"{primary}:{nameof(PrimaryOptions.Address)}", address);
                if (key is not null)
                {
                    yield return new($"{primary}:{nameof(PrimaryOptions.Key)}", key);
                }
            }
        }
    }

    /// <summary>IP:PORT:KEYNAME has a key when what precedes the last colon is itself IP:PORT.</summary>
    private static (string Address, string? Key) SplitPrimary(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && EndPointParser.TryParse(text[..colon], out _) ? (text[..colon], text[(colon + 1)..]) : (text, null);
    }
}
