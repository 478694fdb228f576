using System.Globalization;
using System.Net;

namespace DnsSuite.KafkaMock;

/// <summary>The command line of the mock broker program (Program.cs).</summary>
internal sealed record MockBrokerOptions(IPEndPoint? Listen, string? AdvertisedHost, int AdvertisedPort, IReadOnlyList<(string Topic, int Partitions)> Topics)
{
    /// <exception cref="FormatException">An argument is missing, unknown or malformed; the message names it.</exception>
    public static MockBrokerOptions Parse(IReadOnlyList<string> args)
    {
        IPEndPoint? listen = null;
        string? advertised = null;
        var topics = new List<(string, int)>();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--listen":
                    listen = IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port != 0 ? endPoint : throw new FormatException($"--listen {value}: not IP:PORT");
                    break;
                case "--advertise":
                    advertised = value;
                    break;
                case "--topic":
                    var colon = value.LastIndexOf(':');
                    topics.Add(colon > 0 && int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var partitions) && partitions > 0
                        ? (value[..colon], partitions)
                        : throw new FormatException($"--topic {value}: not NAME:PARTITIONS"));
                    break;
                default:
                    throw new FormatException($"unknown argument {args[i]}");
            }

            i++;
        }

        if ((listen is null) != (advertised is null))
        {
            throw new FormatException("--listen and --advertise go together");
        }

        if (advertised is null)
        {
            return new MockBrokerOptions(null, null, 0, topics);
        }

        var separator = advertised.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(advertised[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new FormatException($"--advertise {advertised}: not HOST:PORT");
        }

        return new MockBrokerOptions(listen, advertised[..separator], port, topics);
    }
}
