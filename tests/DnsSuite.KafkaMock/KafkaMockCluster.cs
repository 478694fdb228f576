using System.Runtime.InteropServices;
using DnsSuite.ChangeLog.Kafka;

namespace DnsSuite.KafkaMock;

/// <summary>
/// librdkafka's built-in mock cluster (rdkafka_mock.h), in the librdkafka build that Confluent.Kafka uses
/// (<see cref="KafkaNativeLibrary"/>): brokers that speak the Kafka protocol on 127.0.0.1, keep everything in memory
/// and are reachable by any client through <see cref="BootstrapServers"/>. It has no compaction and does not serve
/// the DeleteRecords request, but <see cref="DeleteRecords"/> moves a partition's log start from outside, and it
/// deletes a partition's oldest record batches beyond 5 MiB or 100,000 batches.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    /// <summary>The bytes a mock partition keeps before it deletes its oldest record batches.</summary>
    public const int RetainedBytesPerPartition = 5 * 1024 * 1024;

    private const string Library = "librdkafka";
    private const int ProducerType = 0;

    static KafkaMockCluster() => KafkaNativeLibrary.ResolveImports(typeof(KafkaMockCluster).Assembly, Library);

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

    /// <summary>
    /// Deletes the records of <paramref name="topic"/> [<paramref name="partition"/>] below <paramref name="beforeOffset"/>,
    /// which becomes the partition's log start, as Kafka's DeleteRecords or retention would.
    /// </summary>
    public void DeleteRecords(string topic, int partition, long beforeOffset) =>
        Check(rd_kafka_mock_partition_delete_records(cluster, topic, partition, beforeOffset), $"deleting the records of {topic} [{partition}] before {beforeOffset}");

    /// <summary>
    /// The address the cluster's metadata gives for the broker (Kafka's advertised listener); the broker still listens on
    /// 127.0.0.1 at the port of <see cref="BootstrapServers"/>, so something must forward the advertised address there.
    /// </summary>
    public void AdvertiseBroker(int brokerId, string host, int port) => rd_kafka_mock_broker_set_host_port(cluster, brokerId, host, port);

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

    [DllImport(Library)]
    private static extern int rd_kafka_mock_partition_delete_records(
        nint mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, long beforeOffset);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_broker_set_host_port(
        nint mcluster, int brokerId, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port);
}
