using DnsSuite.Server.Update;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

public static class UpdateServiceCollectionExtensions
{
    /// <summary>
    /// Registers the UPDATE side of the <see cref="RequestPipeline"/>: <see cref="UpdateOptions"/> (<c>Update</c>), the
    /// <see cref="UpdatePolicy"/> built from them at start (a bad rule stops the start with its location), and the
    /// <see cref="UpdateResponder"/>, which uses the <see cref="DnsSuite.Zones.Updates.IUpdateProcessor"/> (a primary) or the
    /// <see cref="DnsSuite.Zones.Updates.IUpdateForwarder"/> (a secondary) registered beside it.
    /// </summary>
    public static IServiceCollection AddDynamicUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpdateOptions>().Bind(configuration.GetSection(UpdateOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<UpdateMetrics>();
        services.TryAddSingleton(provider => new UpdatePolicy(provider.GetRequiredService<IOptions<UpdateOptions>>().Value));
        services.TryAddSingleton<UpdateResponder>();
        return services;
    }
}
