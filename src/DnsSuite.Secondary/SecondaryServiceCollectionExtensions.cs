using DnsSuite.Net;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using DnsSuite.Zones.Updates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Secondary;

public static class SecondaryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the secondary role: <see cref="SecondaryOptions"/> (<c>Secondary</c>), the <see cref="SecondaryService"/>
    /// that fills the <see cref="ZoneTable"/> and takes NOTIFY (<see cref="INotifyReceiver"/>), and the UPDATE forwarder.
    /// Its hosted service is registered here: call this before the server's listeners are added, since hosted services
    /// start in order and persisted zones should be in the table when the listeners start. Needs the TSIG keys
    /// (<see cref="TsigKeyRing"/>) and a <see cref="DnsClient"/> registered beside it, and takes the zones' policies from an
    /// <see cref="IZonePolicySource"/> when one is.
    /// </summary>
    public static IServiceCollection AddSecondary(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecondaryOptions>().Bind(configuration.GetSection(SecondaryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecondaryOptions>, SecondaryOptionsValidator>();
        services.AddMetrics();
        services.TryAddSingleton<SecondaryMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ZoneTable>();
        services.AddSingleton(provider =>
        {
            SecondaryOptions options = provider.GetRequiredService<IOptions<SecondaryOptions>>().Value;
            return new SecondaryService(
                SecondaryZoneSettingsBuilder.Build(options, provider.GetRequiredService<TsigKeyRing>()),
                options,
                provider.GetRequiredService<ZoneTable>(),
                new ZoneDataStore(options.DataDirectory!),
                provider.GetRequiredService<DnsClient>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>(),
                provider.GetRequiredService<SecondaryMetrics>(),
                provider.GetService<IZonePolicySource>());
        });
        services.AddSingleton<INotifyReceiver>(provider => provider.GetRequiredService<SecondaryService>());
        services.AddSingleton<IUpdateForwarder>(provider =>
        {
            SecondaryOptions options = provider.GetRequiredService<IOptions<SecondaryOptions>>().Value;
            return new UpdateForwarder(
                SecondaryZoneSettingsBuilder.Build(options, provider.GetRequiredService<TsigKeyRing>()),
                options,
                provider.GetRequiredService<DnsClient>(),
                provider.GetRequiredService<ILogger<UpdateForwarder>>());
        });
        services.AddHostedService(provider => provider.GetRequiredService<SecondaryService>());
        return services;
    }
}
