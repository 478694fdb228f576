using System.CommandLine;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli;

/// <summary><c>dnssuite primary</c>: serves zones over UDP and TCP.</summary>
internal static class PrimaryCommand
{
    private static readonly Option<string?> ZonesOption = new("--zones") { Description = "folder of zone files" };

    public static Command Create()
    {
        var command = new Command("primary", "Run an authoritative primary server");
        command.Options.Add(CommandHost.ConfigOption);
        command.Options.Add(CommandHost.ListenOption);
        command.Options.Add(ZonesOption);
        command.Options.Add(CommandHost.ReadyFileOption);
        command.Options.Add(CommandHost.LogLevelOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken) =>
        CommandHost.RunAsync(
            parsed.GetValue(CommandHost.ConfigOption),
            FlagValues(parsed),
            builder => builder.Services.AddDnsServer(builder.Configuration),
            services => _ = services.GetRequiredService<IOptions<ServerOptions>>().Value,
            cancellationToken);

    private static IEnumerable<KeyValuePair<string, string?>> FlagValues(ParseResult parsed)
    {
        if (parsed.GetValue(ZonesOption) is { } zones)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.ZonesDirectory)}", zones);
        }

        foreach (KeyValuePair<string, string?> value in CommandHost.ServerFlagValues(parsed))
        {
            yield return value;
        }
    }
}
