using System.Net;
using System.Text.Json;
using DnsSuite.Observability.Metrics;
using DnsSuite.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DnsSuite.Observability.Http;

/// <summary>
/// The operations endpoint, a small Kestrel application of its own beside the DNS host: <c>/metrics</c> (Prometheus
/// text), <c>/healthz</c> (the process answers), <c>/readyz</c> (200 once caught up and every zone served, else 503 with
/// the reason) and <c>/zones</c> (JSON). Its bound endpoint goes into the ready file.
/// </summary>
public sealed partial class ObservabilityHttpService(
    IOptions<HttpOptions> options,
    PrometheusExporter exporter,
    ServerStatus status,
    ILogger<ObservabilityHttpService> logger) : IHostedService, IReadyFileContributor, IReadinessCheck, IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>Completes once the endpoint is bound (or off), so that the ready file, which names it, waits for it.</summary>
    public Task Ready => _started.Task;

    /// <summary>The bound endpoint; null when the endpoint is off or could not be bound.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        HttpOptions settings = options.Value;
        if (settings.IsOff)
        {
            _started.TrySetResult();
            return;
        }

        IPEndPoint endPoint = settings.EndPoint();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endPoint));
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (settings.IsExplicit)
            {
                throw new IOException($"cannot listen for HTTP on {endPoint}: {e.Message}", e);
            }

            LogDefaultUnavailable(endPoint, e.Message);
            _started.TrySetResult();
            return;
        }

        _app = app;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        EndPoint = IPEndPoint.Parse(new Uri(address).Authority);
        LogListening(EndPoint);
        _started.TrySetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        _started.TrySetCanceled(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void AddTo(IDictionary<string, object> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (EndPoint is { } endPoint)
        {
            content["http"] = endPoint.ToString();
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            await context.Response.WriteAsync(exporter.Collect(), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/healthz", context => PlainAsync(context, StatusCodes.Status200OK, "alive"));
        app.MapGet("/readyz", context =>
        {
            (bool ready, string reason) = status.Readiness();
            return PlainAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, (ready ? "ready: " : "not ready: ") + reason);
        });
        app.MapGet("/zones", async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, status.Zones(), JsonOptions, context.RequestAborted).ConfigureAwait(false);
        });
    }

    private static Task PlainAsync(HttpContext context, int statusCode, string body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body + "\n", context.RequestAborted);
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "HTTP endpoint on http://{EndPoint}/ (metrics, healthz, readyz, zones)")]
    private partial void LogListening(IPEndPoint endPoint);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "No HTTP endpoint: the default address {EndPoint} is unavailable ({Reason}); set Http:Listen (--http) to another IP:PORT, or to 'off'")]
    private partial void LogDefaultUnavailable(IPEndPoint endPoint, string reason);
}
