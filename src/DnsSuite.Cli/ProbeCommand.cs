using System.CommandLine;
using System.Net;
using DnsSuite.ChangeLog;
using DnsSuite.Primary.Hosting;
using DnsSuite.Cli.Probe;
using DnsSuite.Net;
using DnsSuite.Observability;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite probe</c>: end-to-end freshness. Writes a heartbeat TXT into each <c>--zone</c> through the change log,
/// asks each <c>--server</c> (ours and third-party secondaries) for it and for the SOA, and reports the heartbeat age and
/// serial lag per server: a console line per server and zone each round, and metrics on <c>/metrics</c>.
/// </summary>
internal static class ProbeCommand
{
    private static readonly Option<string[]> ZoneOption = new("--zone") { Description = "zone to write the heartbeat into; repeatable", Required = true };
    private static readonly Option<string[]> ServerOption = new("--server") { Description = "IP:PORT of a server to ask (primary or secondary); repeatable", Required = true };
    private static readonly Option<string> IntervalOption = new("--interval") { Description = "time between rounds (default 10s)", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> MaxAgeOption = new("--max-age") { Description = "a heartbeat older than this is stale (default 30s)", DefaultValueFactory = _ => "30s" };
    private static readonly Option<string> TimeoutOption = new("--timeout") { Description = "time to wait for each answer (default 2s)", DefaultValueFactory = _ => "2s" };
    private static readonly Option<string> LabelOption = new("--label") { Description = $"first label of the heartbeat name under each zone (default {ProbeOptions.DefaultLabel})", DefaultValueFactory = _ => ProbeOptions.DefaultLabel };
    private static readonly Option<bool> OnceOption = new("--once") { Description = "one round, waiting up to --max-age for every server; exit 0 when all are fresh, 1 otherwise" };

    public static Command Create()
    {
        var command = new Command("probe", "Write heartbeats through the change log and report how fresh each server's copy is");
        command.Options.Add(ZoneOption);
        command.Options.Add(ServerOption);
        command.Options.Add(IntervalOption);
        command.Options.Add(MaxAgeOption);
        command.Options.Add(TimeoutOption);
        command.Options.Add(LabelOption);
        command.Options.Add(OnceOption);
        command.Options.Add(CommandHost.ConfigOption);
        ChangeLogFlags.AddOptions(command);
        command.Options.Add(CommandHost.HttpOption);
        command.Options.Add(CommandHost.LogLevelOption);
        command.Options.Add(CommandHost.LogFormatOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        ProbeOptions options;
        try
        {
            options = Options(parsed);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"dnssuite probe: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        IEnumerable<KeyValuePair<string, string?>> flags = ChangeLogFlags.FlagValues(parsed).Concat(CommandHost.LogFlagValues(parsed));
        if (parsed.GetValue(CommandHost.HttpOption) is { } http)
        {
            flags = flags.Append(new($"{HttpOptions.SectionName}:{nameof(HttpOptions.Listen)}", http));
        }

        if (!parsed.GetValue(OnceOption))
        {
            return await CommandHost.RunAsync(
                parsed.GetValue(CommandHost.ConfigOption),
                flags,
                builder =>
                {
                    builder.Services.AddSingleton(options);
                    builder.Services.AddSingleton<ProbeMetrics>();
                    builder.Services.AddHostedService<ProbeHostedService>();
                    builder.Services.AddObservability(builder.Configuration, "probe");
                },
                _ => { },
                cancellationToken).ConfigureAwait(false);
        }

        return await RunOnceAsync(parsed, flags, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunOnceAsync(ParseResult parsed, IEnumerable<KeyValuePair<string, string?>> flags, ProbeOptions options, CancellationToken cancellationToken)
    {
        IConfiguration configuration = CommandHost.BuildConfiguration(parsed.GetValue(CommandHost.ConfigOption), flags);
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IReadOnlyList<ProbeObservation> observations;
        try
        {
            await using IChangeLog log = await ChangeLogSelection.OpenAsync(configuration, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            var probe = new HeartbeatProbe(log, new DnsClient(), options, new ProbeMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLogger.Instance);
            observations = await probe.RunRoundAsync(options.MaxAge, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"dnssuite probe: cannot use the change log: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        foreach (ProbeObservation observation in observations)
        {
            Console.WriteLine(observation.Describe(options.MaxAge));
        }

        return observations.All(o => o.IsFresh(options.MaxAge)) ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static ProbeOptions Options(ParseResult parsed)
    {
        DomainName[] zones = [.. (parsed.GetValue(ZoneOption) ?? []).Select(text =>
            DomainName.TryParse(text.EndsWith('.') ? text : text + ".", DomainName.Root, out DomainName? zone, out string? error) ? zone : throw new FormatException($"--zone '{text}': {error}"))];
        IPEndPoint[] servers = [.. (parsed.GetValue(ServerOption) ?? []).Select(text =>
            EndPointParser.TryParse(text, out IPEndPoint? server) ? server : throw new FormatException($"--server '{text}' is not IP:PORT"))];
        string label = parsed.GetValue(LabelOption)!;
        if (!DomainName.TryParse(label + ".", DomainName.Root, out _, out string? labelError) || label.Contains('.', StringComparison.Ordinal))
        {
            throw new FormatException($"--label '{label}' is not a single label{(labelError is null ? "" : $": {labelError}")}");
        }

        return new ProbeOptions(zones, servers, Duration(parsed, IntervalOption), Duration(parsed, MaxAgeOption), Duration(parsed, TimeoutOption), label);
    }

    private static TimeSpan Duration(ParseResult parsed, Option<string> option)
    {
        string text = parsed.GetValue(option)!;
        return PresentationReader.TryParseDuration(text, out uint seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{option.Name} '{text}' is not a positive number of seconds or a duration such as 1m30s");
    }
}
