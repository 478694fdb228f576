using System.CommandLine;
using DnsSuite.Primary.Catalog;
using DnsSuite.Primary.Hosting;
using DnsSuite.Observability;
using DnsSuite.Server.Hosting;
using DnsSuite.Server.Limits;
using DnsSuite.Server.Transfer;
using DnsSuite.Server.Update;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite primary</c>: serves the zones of the change log (Kafka with <c>--kafka</c>, else the embedded log in
/// <c>--data</c>) over UDP and TCP, with AXFR, IXFR, NOTIFY and UPDATE (written through the log); the zone files of <c>--zones</c> seed the log.
/// </summary>
internal static class PrimaryCommand
{
    private static readonly Option<string?> ZonesOption = new("--zones") { Description = "folder of zone files that seed the change log (on start and on SIGHUP)" };
    private static readonly Option<string?> CatalogOption = new("--catalog") { Description = "publish a catalog zone (RFC 9432) of every zone under this name, e.g. catalog.invalid." };
    private static readonly Option<string?> KeyFileOption = new("--key-file") { Description = "TSIG keys (BIND key statements or JSON) for transfers, NOTIFY and UPDATE" };

    public static Command Create()
    {
        var command = new Command("primary", "Run an authoritative primary server from the change log");
        command.Options.Add(CommandHost.ConfigOption);
        command.Options.Add(CommandHost.ListenOption);
        command.Options.Add(ZonesOption);
        ChangeLogFlags.AddOptions(command);
        command.Options.Add(KeyFileOption);
        command.Options.Add(CatalogOption);
        CommandHost.AddServerOptions(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken) =>
        CommandHost.RunAsync(
            parsed.GetValue(CommandHost.ConfigOption),
            FlagValues(parsed),
            builder =>
            {
                builder.Services.AddDnsServer(builder.Configuration);
                builder.Services.AddZoneTransfers(builder.Configuration);
                builder.Services.AddDynamicUpdates(builder.Configuration);
                builder.Services.AddPrimary();
                builder.Services.AddSingleton<IHealthProblems>(provider => new HealthProblems(() => provider.GetRequiredService<PrimaryService>().Problems));
                builder.Services.AddObservability(builder.Configuration, "primary");
            },
            services =>
            {
                _ = services.GetRequiredService<IOptions<ServerOptions>>().Value;
                _ = services.GetRequiredService<IOptions<HttpOptions>>().Value;
                _ = services.GetRequiredService<IOptions<RRsetLimitOptions>>().Value;
                _ = services.GetRequiredService<UpdatePolicy>();
                _ = services.GetRequiredService<TransferAccessPolicy>();
                _ = services.GetRequiredService<IConfiguration>().GetSection(CatalogOptions.SectionName).Get<CatalogOptions>()?.Origin();
                _ = ChangeLogSelection.Options(services.GetRequiredService<IConfiguration>());
            },
            cancellationToken);

    private static IEnumerable<KeyValuePair<string, string?>> FlagValues(ParseResult parsed)
    {
        if (parsed.GetValue(ZonesOption) is { } zones)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.ZonesDirectory)}", zones);
        }

        if (parsed.GetValue(CatalogOption) is { } catalog)
        {
            yield return new($"{CatalogOptions.SectionName}:{nameof(CatalogOptions.Zone)}", catalog);
        }

        if (parsed.GetValue(KeyFileOption) is { } keyFile)
        {
            yield return new(TransferServiceCollectionExtensions.KeyFileKey, keyFile);
        }

        foreach (KeyValuePair<string, string?> value in ChangeLogFlags.FlagValues(parsed).Concat(CommandHost.ServerFlagValues(parsed)))
        {
            yield return value;
        }
    }
}
