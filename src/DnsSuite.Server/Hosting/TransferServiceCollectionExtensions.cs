using DnsSuite.Net;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Limits;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Transfer;
using DnsSuite.Zones;
using DnsSuite.Server.Update;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

public static class TransferServiceCollectionExtensions
{
    /// <summary>The configuration key of the TSIG keys file (BIND <c>key</c> clauses or JSON), also set by <c>--key-file</c>.</summary>
    public const string KeyFileKey = "Keys:File";

    /// <summary>
    /// Registers the transfer side of a server: <see cref="TransferOptions"/> (<c>Transfers</c>), <see cref="NotifyOptions"/>
    /// (<c>Notify</c>), <see cref="RRsetLimitOptions"/> (<c>Limits</c>), the TSIG keys from <see cref="KeyFileKey"/>, the AXFR/IXFR and NOTIFY responders the
    /// <see cref="RequestPipeline"/> dispatches to, the <see cref="NotifySender"/> that follows every commit of the
    /// zone table, and the <see cref="IZonePolicySource"/> the roles take their zones' policies from.
    /// </summary>
    public static IServiceCollection AddZoneTransfers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransferOptions>().Bind(configuration.GetSection(TransferOptions.SectionName));
        services.AddOptions<NotifyOptions>().Bind(configuration.GetSection(NotifyOptions.SectionName));
        services.AddOptions<RRsetLimitOptions>().Bind(configuration.GetSection(RRsetLimitOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RRsetLimitOptions>, RRsetLimitOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ZoneTable>();
        services.TryAddSingleton(_ => configuration[KeyFileKey] is { Length: > 0 } file ? new TsigKeyRing(TsigKeyFile.Load(file)) : new TsigKeyRing());
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<TransferAccessPolicy>(provider, provider.GetRequiredService<IOptions<TransferOptions>>().Value));
        services.TryAddSingleton<TransferMetrics>();
        services.TryAddSingleton<NotifyMetrics>();
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<ZoneTransferResponder>(provider, provider.GetRequiredService<IOptions<TransferOptions>>().Value));
        services.TryAddSingleton<NotifyResponder>();
        services.TryAddSingleton<DnsClient>();
        services.TryAddSingleton<INotifyTransport, DnsClientNotifyTransport>();
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<NotifySender>(provider, provider.GetRequiredService<IOptions<NotifyOptions>>().Value));
        services.AddHostedService(provider => provider.GetRequiredService<NotifySender>());
        services.TryAddSingleton<IZonePolicySource>(provider => new ZonePolicyResolver(
            provider.GetRequiredService<IOptions<TransferOptions>>().Value,
            provider.GetRequiredService<TransferAccessPolicy>(), provider.GetRequiredService<NotifySender>(), provider.GetService<UpdatePolicy>(),
            provider.GetRequiredService<IOptions<RRsetLimitOptions>>().Value));
        return services;
    }
}
