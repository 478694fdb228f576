using System.Net;
using DnsSuite.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Net.Tests;

internal static class Loopback
{
    /// <summary>Serves <paramref name="handler"/> over UDP and TCP on 127.0.0.1 at a free port.</summary>
    public static DnsListener Listen(IDnsRequestHandler handler, DnsListenerOptions? options = null) =>
        DnsListener.Start(new IPEndPoint(IPAddress.Loopback, 0), handler, options ?? new DnsListenerOptions(), NullLoggerFactory.Instance);
}
