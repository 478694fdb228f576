using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServerOptions"/> from the <c>Server</c> section and serves the registered
    /// <see cref="DnsSuite.Net.IDnsRequestHandler"/> (which the caller registers) with <see cref="DnsServerHostedService"/>.
    /// </summary>
    public static IServiceCollection AddDnsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddHostedService<DnsServerHostedService>();
        return services;
    }
}
