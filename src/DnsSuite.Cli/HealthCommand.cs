using System.CommandLine;
using System.Net;
using DnsSuite.Observability;
using DnsSuite.Server.Hosting;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite health</c>: asks a server's HTTP endpoint whether it is ready (or alive), for container HEALTHCHECKs and
/// scripts; prints the answer and exits 0 on HTTP 200, 1 otherwise.
/// </summary>
internal static class HealthCommand
{
    private static readonly Option<string> HttpOption = new("--http") { Description = $"IP:PORT of the server's HTTP endpoint (default {HttpOptions.DefaultListen})", DefaultValueFactory = _ => HttpOptions.DefaultListen };
    private static readonly Option<bool> LiveOption = new("--live") { Description = "ask /healthz (the process answers) instead of /readyz (caught up and serving)" };

    public static Command Create()
    {
        var command = new Command("health", "Exit 0 when the server's /readyz (or /healthz with --live) answers 200");
        command.Options.Add(HttpOption);
        command.Options.Add(LiveOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        string address = parsed.GetValue(HttpOption)!;
        if (!ServerOptions.TryParseEndPoint(address, out IPEndPoint? endPoint))
        {
            await Console.Error.WriteLineAsync($"dnssuite health: --http '{address}' is not IP:PORT").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        var url = new Uri($"http://{endPoint}/{(parsed.GetValue(LiveOption) ? "healthz" : "readyz")}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using HttpResponseMessage response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {body.Trim()}");
            return response.StatusCode == HttpStatusCode.OK ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"dnssuite health: {url}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
