using System.CommandLine;
using DnsSuite.Net;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli;

/// <summary><c>dnssuite primary</c>: serves zones over UDP and TCP.</summary>
internal static class PrimaryCommand
{
    private const string DefaultConfigFile = "conf/dnssuite.json";
    private const string EnvironmentPrefix = "DNSSUITE__";

    private static readonly Option<string?> ConfigOption = new("--config") { Description = $"JSON configuration file (default: {DefaultConfigFile} when it exists)" };
    private static readonly Option<string[]> ListenOption = new("--listen") { Description = $"IP:PORT to serve over UDP and TCP; repeatable (default: {ServerOptions.DefaultListen})" };
    private static readonly Option<string?> ZonesOption = new("--zones") { Description = "folder of zone files" };
    private static readonly Option<string?> ReadyFileOption = new("--ready-file") { Description = "write the bound endpoints and pid as JSON to this file once listening" };
    private static readonly Option<LogLevel?> LogLevelOption = new("--log-level") { Description = "minimum log level: Trace, Debug, Information, Warning, Error, Critical, None" };

    public static Command Create()
    {
        var command = new Command("primary", "Run an authoritative primary server");
        command.Options.Add(ConfigOption);
        command.Options.Add(ListenOption);
        command.Options.Add(ZonesOption);
        command.Options.Add(ReadyFileOption);
        command.Options.Add(LogLevelOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            HostApplicationBuilder builder = CreateBuilder(parsed);
            builder.Services.AddDnsServer(builder.Configuration);

            // Until the query engine is wired in, every query is refused (also the answer of a server without zones).
            builder.Services.AddSingleton<IDnsRequestHandler, RefusingRequestHandler>();
            host = builder.Build();

            // Validate here, before the host starts, so that bad configuration is one line on stderr rather than a logged stack trace.
            _ = host.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        }
        catch (Exception e) when (ConfigurationErrorMessage(e) is { } message)
        {
            await Console.Error.WriteLineAsync($"dnssuite: invalid configuration: {message}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        using (host)
        {
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OptionsValidationException)
            {
                await Console.Error.WriteLineAsync($"dnssuite: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Configuration, lowest precedence first: JSON file, DNSSUITE__ environment variables, command-line flags.</summary>
    private static HostApplicationBuilder CreateBuilder(ParseResult parsed)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "dnssuite",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        string? configFile = parsed.GetValue(ConfigOption);
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else if (File.Exists(DefaultConfigFile))
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(DefaultConfigFile), optional: false, reloadOnChange: false);
        }

        // DNSSUITE__Server__Listen__0=... becomes Server:Listen:0 ("__" is the section separator).
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(FlagValues(parsed));

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        return builder;
    }

    private static IEnumerable<KeyValuePair<string, string?>> FlagValues(ParseResult parsed)
    {
        string[] listen = parsed.GetValue(ListenOption) ?? [];
        for (int i = 0; i < listen.Length; i++)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.Listen)}:{i}", listen[i]);
        }

        if (parsed.GetValue(ZonesOption) is { } zones)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.ZonesDirectory)}", zones);
        }

        if (parsed.GetValue(ReadyFileOption) is { } readyFile)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.ReadyFile)}", readyFile);
        }

        if (parsed.GetValue(LogLevelOption) is { } level)
        {
            yield return new("Logging:LogLevel:Default", level.ToString());
        }
    }

    /// <summary>A one-line description when <paramref name="exception"/> is a configuration problem; null otherwise.</summary>
    private static string? ConfigurationErrorMessage(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join("; ", e.Failures),
        InvalidDataException e => OneLine(string.Join(' ', Chain(e).Select(inner => inner.Message))),
        FileNotFoundException e => e.Message,
        InvalidOperationException e when e.Source == "Microsoft.Extensions.Configuration.Binder" => OneLine(e.Message),
        _ => null,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
