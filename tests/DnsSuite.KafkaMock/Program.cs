using System.Globalization;
using System.Net;
using DnsSuite.KafkaMock;

// A mock Kafka broker as a process of its own, for tests that give it a network namespace (the compose fleet test):
//   DnsSuite.KafkaMock [--listen IP:PORT --advertise HOST:PORT] [--topic NAME:PARTITIONS]...
// It starts one mock broker, creates the topics, and with --listen forwards that address to the broker and makes the
// cluster's metadata name the --advertise address (Kafka's advertised listener). It prints "ready BOOTSTRAP" once
// serving and runs until its standard input closes, so it ends with the test that started it.
try
{
    var options = MockBrokerOptions.Parse(args);
    using var cluster = new KafkaMockCluster();
    foreach (var (topic, partitions) in options.Topics)
    {
        cluster.CreateTopic(topic, partitions);
    }

    TcpForwarder? forwarder = null;
    if (options.Listen is { } listen)
    {
        var broker = IPEndPoint.Parse(cluster.BootstrapServers);
        forwarder = new TcpForwarder(listen, broker);
        cluster.AdvertiseBroker(1, options.AdvertisedHost!, options.AdvertisedPort);
    }

    using (forwarder)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {(options.Listen is null ? cluster.BootstrapServers : $"{options.AdvertisedHost}:{options.AdvertisedPort}")}"));
        await Console.In.ReadToEndAsync();
    }

    return 0;
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync($"DnsSuite.KafkaMock: {e.Message}");
    return 2;
}
