using DnsSuite.ChangeLog.Materialization;
using DnsSuite.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DnsSuite.Cli.Hosting;

internal static class ChangeLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the primary's change-log side (<see cref="ChangeLogHostedService"/>): the zone table is filled from the
    /// log, zone files seed it, and the ready file waits until it is caught up. Needs <c>AddDnsServer</c> and <c>AddZoneTransfers</c>.
    /// </summary>
    public static IServiceCollection AddChangeLogPrimary(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(provider => new ChangeLogMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ChangeLogHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeLogHostedService>());
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<ChangeLogHostedService>());
        return services;
    }
}
