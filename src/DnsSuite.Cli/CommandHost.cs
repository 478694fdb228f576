using System.CommandLine;
using DnsSuite.Observability;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli;

/// <summary>What the server commands share: configuration layering, logging, and turning configuration errors into one line on stderr.</summary>
internal static class CommandHost
{
    public const string DefaultConfigFile = "conf/dnssuite.json";

    /// <summary>The configuration key of the console log format, also set by <c>--log-format</c>.</summary>
    public const string LogFormatKey = "Logging:Format";

    private const string EnvironmentPrefix = "DNSSUITE__";

    // Defaults that an environment (the container image) gives below everything else, so a configuration file that
    // leaves a key out still gets the image's value, and one that sets it wins.
    private const string DefaultsPrefix = "DNSSUITE_DEFAULT__";

    public static readonly Option<string?> ConfigOption = new("--config") { Description = $"JSON configuration file (default: {DefaultConfigFile} when it exists)" };
    public static readonly Option<string[]> ListenOption = new("--listen") { Description = $"IP:PORT to serve over UDP and TCP; repeatable (default: {ServerOptions.DefaultListen})" };
    public static readonly Option<string?> ReadyFileOption = new("--ready-file") { Description = "write the bound endpoints and pid as JSON to this file once listening" };
    public static readonly Option<string?> HttpOption = new("--http") { Description = $"IP:PORT of the metrics and health endpoint, or 'off' (default: {HttpOptions.DefaultListen})" };
    public static readonly Option<LogFormat?> LogFormatOption = new("--log-format") { Description = "console log format: Simple (one line per event) or Json (one JSON object per line)" };
    public static readonly Option<LogLevel?> LogLevelOption = new("--log-level") { Description = "minimum log level: Trace, Debug, Information, Warning, Error, Critical, None" };

    /// <summary>The configuration keys set by <see cref="ListenOption"/>, <see cref="ReadyFileOption"/> and <see cref="LogLevelOption"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ServerFlagValues(ParseResult parsed)
    {
        string[] listen = parsed.GetValue(ListenOption) ?? [];
        for (int i = 0; i < listen.Length; i++)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.Listen)}:{i}", listen[i]);
        }

        if (parsed.GetValue(ReadyFileOption) is { } readyFile)
        {
            yield return new($"{ServerOptions.SectionName}:{nameof(ServerOptions.ReadyFile)}", readyFile);
        }

        if (parsed.GetValue(HttpOption) is { } http)
        {
            yield return new($"{HttpOptions.SectionName}:{nameof(HttpOptions.Listen)}", http);
        }

        foreach (KeyValuePair<string, string?> value in LogFlagValues(parsed))
        {
            yield return value;
        }
    }

    /// <summary>The configuration keys set by <see cref="LogLevelOption"/> and <see cref="LogFormatOption"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> LogFlagValues(ParseResult parsed)
    {
        if (parsed.GetValue(LogLevelOption) is { } level)
        {
            yield return new("Logging:LogLevel:Default", level.ToString());
        }

        if (parsed.GetValue(LogFormatOption) is { } format)
        {
            yield return new(LogFormatKey, format.ToString());
        }
    }

    /// <summary>Adds the options every server command shares after its own: --http, --ready-file, --log-level, --log-format.</summary>
    public static void AddServerOptions(Command command)
    {
        command.Options.Add(HttpOption);
        command.Options.Add(ReadyFileOption);
        command.Options.Add(LogLevelOption);
        command.Options.Add(LogFormatOption);
    }

    /// <summary>
    /// Builds the host with <paramref name="configure"/>, checks the options with <paramref name="validate"/> before it starts (so bad
    /// configuration is one line on stderr rather than a logged stack trace), and runs it until SIGTERM/SIGINT.
    /// </summary>
    public static async Task<int> RunAsync(
        string? configFile,
        IEnumerable<KeyValuePair<string, string?>> flagValues,
        Action<HostApplicationBuilder> configure,
        Action<IServiceProvider> validate,
        CancellationToken cancellationToken)
    {
        RaiseThreadPoolFloor();
        IHost host;
        try
        {
            HostApplicationBuilder builder = CreateBuilder(configFile, flagValues);
            configure(builder);
            host = builder.Build();
            validate(host.Services);
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

    /// <summary>Configuration, lowest precedence first: DNSSUITE_DEFAULT__ variables, JSON file, DNSSUITE__ variables, command-line flags.</summary>
    /// <summary>
    /// On one core (a container CPU limit, or taskset) the pool starts with one worker and adds more about every
    /// half second while work waits: a NOTIFY queued behind a transfer then waited 0.7-0.85 s (docs/benchmarks.md,
    /// propagation). A floor of a few workers keeps the slow path (NOTIFY, UPDATE, transfers) responsive.
    /// </summary>
    private static void RaiseThreadPoolFloor()
    {
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinWorkerThreads), completionPorts);
    }

    private const int MinWorkerThreads = 8;

    private static HostApplicationBuilder CreateBuilder(string? configFile, IEnumerable<KeyValuePair<string, string?>> flagValues)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "dnssuite",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        AddSources(builder.Configuration, configFile, flagValues);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        AddConsole(builder.Logging, builder.Configuration);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        return builder;
    }

    /// <summary>
    /// One line per event on stderr-compatible console output: the simple format, or with <c>Logging:Format=Json</c> one JSON
    /// object per line (timestamp, level, category, event id, message, and the message's named values as "State").
    /// </summary>
    public static void AddConsole(ILoggingBuilder logging, IConfiguration configuration)
    {
        string? format = configuration[LogFormatKey];
        if (format is not null && !Enum.TryParse<LogFormat>(format, ignoreCase: true, out _))
        {
            throw new FormatException($"{LogFormatKey}: '{format}' is not Simple or Json");
        }

        if (string.Equals(format, nameof(LogFormat.Json), StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(console =>
            {
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                console.IncludeScopes = false;
            });
            return;
        }

        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
    }

    /// <summary>The configuration of a command that runs no host (publish, log): the same sources and precedence as the servers.</summary>
    public static IConfiguration BuildConfiguration(string? configFile, IEnumerable<KeyValuePair<string, string?>> flagValues) =>
        AddSources(new ConfigurationBuilder(), configFile, flagValues).Build();

    /// <summary>
    /// Configuration sources, lowest precedence first: DNSSUITE_DEFAULT__ environment variables, JSON file, DNSSUITE__
    /// environment variables, command-line flags.
    /// </summary>
    private static IConfigurationBuilder AddSources(IConfigurationBuilder configuration, string? configFile, IEnumerable<KeyValuePair<string, string?>> flagValues)
    {
        configuration.AddEnvironmentVariables(DefaultsPrefix);
        if (configFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else if (File.Exists(DefaultConfigFile))
        {
            configuration.AddJsonFile(Path.GetFullPath(DefaultConfigFile), optional: false, reloadOnChange: false);
        }

        // DNSSUITE__Server__Listen__0=... becomes Server:Listen:0 ("__" is the section separator).
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddInMemoryCollection(flagValues);
        return configuration;
    }

    /// <summary>A one-line description when <paramref name="exception"/> is a configuration problem; null otherwise.</summary>
    private static string? ConfigurationErrorMessage(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join("; ", e.Failures),
        InvalidDataException e => OneLine(string.Join(' ', Chain(e).Select(inner => inner.Message))),
        FileNotFoundException e => e.Message,
        TsigKeyFileException e => e.Message,
        FormatException e => e.Message,
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
