using DnsSuite.Server.Hosting;

namespace DnsSuite.Observability;

/// <summary>The <c>Http</c> configuration section: where the metrics, health and zones endpoint listens.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    public const string DefaultListen = "127.0.0.1:8053";

    /// <summary>The value of <see cref="Listen"/> that turns the endpoint off.</summary>
    public const string Off = "off";

    /// <summary>
    /// IP:PORT of the endpoint, or <see cref="Off"/>. Unset means <see cref="DefaultListen"/>, and then an address already
    /// in use (another server on this host) only logs a warning; an address that is set must be bound or the server stops.
    /// </summary>
    public string? Listen { get; set; }

    public bool IsOff => string.Equals(Listen?.Trim(), Off, StringComparison.OrdinalIgnoreCase);

    public bool IsExplicit => !string.IsNullOrWhiteSpace(Listen);

    /// <exception cref="FormatException"><see cref="Listen"/> is neither IP:PORT nor <see cref="Off"/>.</exception>
    public System.Net.IPEndPoint EndPoint() =>
        ServerOptions.TryParseEndPoint(IsExplicit ? Listen!.Trim() : DefaultListen, out System.Net.IPEndPoint? endPoint)
            ? endPoint
            : throw new FormatException($"Http:Listen: '{Listen}' is neither IP:PORT nor '{Off}'");
}
