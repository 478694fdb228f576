using DnsSuite.Observability.Http;
using DnsSuite.Observability.Metrics;
using DnsSuite.Server.Hosting;
using DnsSuite.Zones;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DnsSuite.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP operations endpoint (<see cref="HttpOptions"/>, section <c>Http</c>) of a server in
    /// <paramref name="role"/> ("primary", "secondary"): the Prometheus exporter over every DnsSuite meter, the per-zone
    /// gauges, and readiness from the registered <see cref="IReadinessCheck"/>s, <see cref="IHealthProblems"/> and <see cref="IExpectedZones"/>.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration, string role)
    {
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName))
            .Validate(o => o.IsOff || TryEndPoint(o), $"{HttpOptions.SectionName}:Listen must be IP:PORT or '{HttpOptions.Off}'")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<ZoneTable>();

        // The exporter's listener is told of the instruments created before it, too.
        services.TryAddSingleton(_ => new PrometheusExporter());
        services.TryAddSingleton<ZoneMetrics>();
        services.TryAddSingleton(provider => new ServerStatus(
            provider.GetRequiredService<ZoneTable>(),
            provider.GetServices<IReadinessCheck>,
            provider.GetServices<IExpectedZones>(),
            role,
            provider.GetServices<IHealthProblems>()));
        services.TryAddSingleton<ObservabilityHttpService>();
        services.AddHostedService(provider =>
        {
            _ = provider.GetRequiredService<ZoneMetrics>();
            return provider.GetRequiredService<ObservabilityHttpService>();
        });
        services.AddSingleton<IReadyFileContributor>(provider => provider.GetRequiredService<ObservabilityHttpService>());
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<ObservabilityHttpService>());
        return services;
    }

    private static bool TryEndPoint(HttpOptions options)
    {
        try
        {
            _ = options.EndPoint();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
