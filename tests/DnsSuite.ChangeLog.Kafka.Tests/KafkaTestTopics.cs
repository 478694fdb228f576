using DnsSuite.KafkaMock;

namespace DnsSuite.ChangeLog.Kafka.Tests;

/// <summary>Fresh, uniquely named topics on a mock cluster, and options pointing at them.</summary>
internal static class KafkaTestTopics
{
    public static KafkaChangeLogOptions Create(KafkaMockCluster cluster, int partitions, int snapshotPartitions = 1)
    {
        var id = Guid.NewGuid().ToString("N");
        var options = new KafkaChangeLogOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ChangesTopic = "changes-" + id,
            SnapshotsTopic = "snapshots-" + id,

            // Reconnect quickly after a mock broker comes back (the default backoff grows to 10 s).
            ClientProperties = { ["reconnect.backoff.max.ms"] = "200" },
            DeliveryTimeout = TimeSpan.FromSeconds(30),
        };
        cluster.CreateTopic(options.ChangesTopic, partitions);
        cluster.CreateTopic(options.SnapshotsTopic, snapshotPartitions);
        return options;
    }
}
