using System.Net;
using System.Numerics;
using DnsSuite.Server.RateLimiting;
using DnsSuite.Net;
using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Hosting;

/// <summary>Checks <see cref="ServerOptions"/> at start-up, naming each bad key and value.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (string listen in options.Listen)
        {
            if (!ServerOptions.TryParseEndPoint(listen, out _))
            {
                problems.Add($"Server:Listen (--listen) '{listen}' is not IP:PORT, e.g. 127.0.0.1:53 or [::1]:53");
            }
        }

        if (options.ZonesDirectory is not null && !Directory.Exists(options.ZonesDirectory))
        {
            problems.Add($"Server:ZonesDirectory (--zones) '{options.ZonesDirectory}' does not exist or is not a directory");
        }

        if (options.ZoneFiles.MaxBytes < 1 || options.ZoneFiles.MaxLineLength < 1)
        {
            problems.Add($"Server:ZoneFiles:MaxBytes and MaxLineLength must be at least 1, not {options.ZoneFiles.MaxBytes} and {options.ZoneFiles.MaxLineLength}");
        }

        foreach (string folder in options.ZoneFiles.IncludeDirectories.Where(folder => !Directory.Exists(folder)))
        {
            problems.Add($"Server:ZoneFiles:IncludeDirectories '{folder}' does not exist or is not a directory");
        }

        RateLimitOptions rateLimit = options.RateLimit;
        if (rateLimit.ResponsesPerSecond < 0 || rateLimit.Slip is < 0 or > 10 || rateLimit.Ipv4PrefixLength is < 0 or > 32 || rateLimit.Ipv6PrefixLength is < 0 or > 128)
        {
            problems.Add($"Server:RateLimit: ResponsesPerSecond must be 0 (off) or more, Slip 0 to 10, Ipv4PrefixLength 0 to 32, Ipv6PrefixLength 0 to 128; not {rateLimit.ResponsesPerSecond}, {rateLimit.Slip}, {rateLimit.Ipv4PrefixLength}, {rateLimit.Ipv6PrefixLength}");
        }

        if (rateLimit.TableSize < 1 || !BitOperations.IsPow2(rateLimit.TableSize))
        {
            problems.Add($"Server:RateLimit:TableSize must be a power of two, not {rateLimit.TableSize}");
        }

        foreach (string exempt in rateLimit.Exempt.Where(entry => !IPNetwork.TryParse(entry, out _) && !IPAddress.TryParse(entry, out _)))
        {
            problems.Add($"Server:RateLimit:Exempt '{exempt}' is not an address or network such as 192.0.2.0/24");
        }

        if (options.ReadyFile is not null && Path.GetDirectoryName(Path.GetFullPath(options.ReadyFile)) is { } readyDirectory && !Directory.Exists(readyDirectory))
        {
            problems.Add($"Server:ReadyFile (--ready-file) '{options.ReadyFile}': directory '{readyDirectory}' does not exist");
        }

        foreach ((string key, TimeSpan value) in new[] { ("TcpIdleTimeout", options.TcpIdleTimeout), ("TcpReadTimeout", options.TcpReadTimeout), ("TcpSendTimeout", options.TcpSendTimeout), ("TcpBusyIdleTimeout", options.TcpBusyIdleTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Server:{key} must be positive, not {value}");
            }
        }

        if (options.MaxTcpConnections < 1)
        {
            problems.Add($"Server:MaxTcpConnections must be at least 1, not {options.MaxTcpConnections}");
        }

        if (options.MaxTcpConnectionsPerClient < 1)
        {
            problems.Add($"Server:MaxTcpConnectionsPerClient must be at least 1, not {options.MaxTcpConnectionsPerClient}");
        }

        if (options.UdpReceiveLoops is < 1)
        {
            problems.Add($"Server:UdpReceiveLoops must be at least 1, not {options.UdpReceiveLoops}");
        }

        if (options.UdpBatchSize is < 1 or > DnsListenerOptions.MaxUdpBatchSize)
        {
            problems.Add($"Server:UdpBatchSize must be from 1 to {DnsListenerOptions.MaxUdpBatchSize}, not {options.UdpBatchSize}");
        }

        // RFC 6891 §6.2.5: values below 512 are treated as 512; above 65535 cannot be encoded.
        if (options.MaxUdpPayload is < 512 or > 65535)
        {
            problems.Add($"Server:MaxUdpPayload must be between 512 and 65535, not {options.MaxUdpPayload}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
