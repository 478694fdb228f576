using System.Diagnostics.Metrics;
using DnsSuite.Net;
using DnsSuite.Server.Query;
using DnsSuite.Server.RateLimiting;
using DnsSuite.Zones;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServerOptions"/> from the <c>Server</c> section and serves the
    /// <see cref="ZoneTable"/> through the <see cref="RequestPipeline"/> on every listen address. What fills the
    /// table (the change log, a secondary's transfers) is registered separately; an <see cref="IReadinessCheck"/>
    /// it registers holds back the ready file until the zones are there.
    /// </summary>
    public static IServiceCollection AddDnsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton<ZoneTable>();
        services.AddSingleton(provider => new QueryEngine(
            provider.GetRequiredService<ZoneTable>(),
            provider.GetRequiredService<IOptions<ServerOptions>>().Value.ToQueryEngineOptions()));
        services.AddMetrics();
        services.TryAddSingleton<QueryMetrics>();
        services.AddSingleton(provider => new ResponseRateLimiter(
            provider.GetRequiredService<IOptions<ServerOptions>>().Value.RateLimit, TimeProvider.System, provider.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton<IDnsRequestHandler>(provider => new MeteredRequestHandler(provider.GetRequiredService<RequestPipeline>(), provider.GetRequiredService<QueryMetrics>()));
        services.AddHostedService<DnsServerHostedService>();
        return services;
    }
}
