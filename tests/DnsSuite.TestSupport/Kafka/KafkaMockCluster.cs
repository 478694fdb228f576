using System.Runtime.InteropServices;

namespace DnsSuite.TestSupport.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster (rdkafka_mock.h): brokers that speak the Kafka protocol on loopback,
/// keep everything in memory and are reachable by any client through <see cref="BootstrapServers"/>. It has
/// no compaction and no DeleteRecords; its only retention is per partition by size (5 MiB) or by count of
/// record batches (100,000), deleting the oldest batches.
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    /// <summary>The bytes a mock partition keeps before it deletes its oldest record batches.</summary>
    public const int RetainedBytesPerPartition = 5 * 1024 * 1024;

    private const string Library = "librdkafka.so.1";
    private const int ProducerType = 0;

    private readonly nint client;
    private readonly nint cluster;

    /// <summary>Starts <paramref name="brokerCount"/> brokers, with ids 1 to <paramref name="brokerCount"/>.</summary>
    public KafkaMockCluster(int brokerCount = 1)
    {
        var error = new byte[512];
        var configuration = rd_kafka_conf_new();
        client = rd_kafka_new(ProducerType, configuration, error, (nuint)error.Length);
        if (client == 0)
        {
            rd_kafka_conf_destroy(configuration);
            throw new InvalidOperationException("rd_kafka_new failed: " + System.Text.Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        cluster = rd_kafka_mock_cluster_new(client, brokerCount);
        if (cluster == 0)
        {
            rd_kafka_destroy(client);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster has no bootstrap servers.");
    }

    /// <summary>"127.0.0.1:PORT,..." for the clients' bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions) =>
        Check(rd_kafka_mock_topic_create(cluster, topic, partitions, 1), $"creating topic {topic}");

    /// <summary>Disconnects the broker and refuses new connections (no leader change).</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(cluster, brokerId), $"stopping broker {brokerId}");

    /// <summary>Accepts connections to the broker again.</summary>
    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(cluster, brokerId), $"starting broker {brokerId}");

    public void Dispose()
    {
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(client);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster failed {what}: {Marshal.PtrToStringUTF8(rd_kafka_err2str(error))}");
        }
    }

    [DllImport(Library)]
    private static extern nint rd_kafka_conf_new();

    [DllImport(Library)]
    private static extern void rd_kafka_conf_destroy(nint conf);

    [DllImport(Library)]
    private static extern nint rd_kafka_new(int type, nint conf, byte[] errstr, nuint errstrSize);

    [DllImport(Library)]
    private static extern void rd_kafka_destroy(nint rk);

    [DllImport(Library)]
    private static extern nint rd_kafka_err2str(int err);

    [DllImport(Library)]
    private static extern nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_cluster_destroy(nint mcluster);

    [DllImport(Library)]
    private static extern nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_topic_create(
        nint mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_down(nint mcluster, int brokerId);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_up(nint mcluster, int brokerId);
}
