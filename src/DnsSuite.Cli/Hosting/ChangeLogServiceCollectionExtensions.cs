using DnsSuite.ChangeLog.Materialization;
using DnsSuite.ChangeLog.Updates;
using DnsSuite.Server.Update;
using DnsSuite.Zones.Updates;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Cli.Hosting;

internal static class ChangeLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the primary's change-log side (<see cref="ChangeLogHostedService"/>): the zone table is filled from the
    /// log, zone files seed it, the ready file waits until it is caught up, and UPDATE is written through it. Needs <c>AddDnsServer</c>,
    /// <c>AddZoneTransfers</c> and <c>AddDynamicUpdates</c>.
    /// </summary>
    public static IServiceCollection AddChangeLogPrimary(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(provider => new ChangeLogMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(provider => new ChangeLogUpdateProcessor(
            provider.GetRequiredService<IOptions<UpdateOptions>>().Value.Timeout,
            provider.GetRequiredService<ILogger<ChangeLogUpdateProcessor>>()));
        services.AddSingleton<IUpdateProcessor>(provider => provider.GetRequiredService<ChangeLogUpdateProcessor>());
        services.AddSingleton<ChangeLogHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeLogHostedService>());
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<ChangeLogHostedService>());
        return services;
    }
}
