using DnsSuite.Net;
using DnsSuite.Server.Query;
using DnsSuite.Zones;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServerOptions"/> from the <c>Server</c> section, loads the zone files
    /// into the <see cref="ZoneTable"/>, and serves it through the <see cref="RequestPipeline"/> on every
    /// listen address. Zones are loaded before the listeners start, so the first query is answered from them.
    /// </summary>
    public static IServiceCollection AddDnsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton<ZoneTable>();
        services.AddSingleton(provider => new QueryEngine(
            provider.GetRequiredService<ZoneTable>(),
            provider.GetRequiredService<IOptions<ServerOptions>>().Value.ToQueryEngineOptions()));
        services.AddSingleton<IDnsRequestHandler, RequestPipeline>();
        services.AddSingleton<ZoneFilesHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<ZoneFilesHostedService>());
        services.AddHostedService<DnsServerHostedService>();
        return services;
    }
}
