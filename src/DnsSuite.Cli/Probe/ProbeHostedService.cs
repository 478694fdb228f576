using DnsSuite.ChangeLog;
using DnsSuite.Primary.Hosting;
using DnsSuite.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Cli.Probe;

/// <summary>The periodic probe: a round every interval, a console line per server and zone, metrics on the HTTP endpoint.</summary>
internal sealed partial class ProbeHostedService(IConfiguration configuration, ProbeOptions options, ProbeMetrics metrics, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ProbeHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using IChangeLog log = await ChangeLogSelection.OpenAsync(configuration, loggers, stoppingToken).ConfigureAwait(false);
            var probe = new HeartbeatProbe(log, new DnsClient(), options, metrics, TimeProvider.System, _logger);
            using var timer = new PeriodicTimer(options.Interval);
            do
            {
                TimeSpan roundTime = options.Interval < options.MaxAge ? options.Interval : options.MaxAge;
                foreach (ProbeObservation observation in await probe.RunRoundAsync(roundTime, stoppingToken).ConfigureAwait(false))
                {
                    Console.WriteLine(observation.Describe(options.MaxAge));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogFailed(e.Message, e);
            throw;
        }
    }

    [LoggerMessage(EventId = 951, Level = LogLevel.Critical, Message = "The probe stopped: {Error}")]
    private partial void LogFailed(string error, Exception exception);
}
