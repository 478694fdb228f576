using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Updates;
using DnsSuite.Server.Update;
using DnsSuite.Zones.Updates;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Primary.Hosting;

public static class PrimaryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the primary role (<see cref="PrimaryService"/>): the zone table is filled from the change log, zone
    /// files seed it, the ready file waits until it is caught up, and UPDATE is written through it. Needs <c>AddDnsServer</c>,
    /// <c>AddZoneTransfers</c> and <c>AddDynamicUpdates</c>.
    /// </summary>
    public static IServiceCollection AddPrimary(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(provider => new ChangeLogMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(provider => new ChangeLogUpdateProcessor(
            provider.GetRequiredService<IOptions<UpdateOptions>>().Value.Timeout,
            provider.GetRequiredService<ILogger<ChangeLogUpdateProcessor>>()));
        services.AddSingleton<IUpdateProcessor>(provider => provider.GetRequiredService<ChangeLogUpdateProcessor>());
        services.AddSingleton<PrimaryService>();
        services.AddHostedService(provider => provider.GetRequiredService<PrimaryService>());
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<PrimaryService>());
        return services;
    }
}
