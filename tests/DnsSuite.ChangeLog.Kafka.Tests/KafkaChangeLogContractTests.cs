using DnsSuite.TestSupport.ChangeLog;
using DnsSuite.KafkaMock;

namespace DnsSuite.ChangeLog.Kafka.Tests;

/// <summary>The change-log contract against <see cref="KafkaChangeLog"/> on librdkafka's mock cluster, fresh topics per test.</summary>
[TestFixture]
public sealed class KafkaChangeLogContractTests : ChangeLogContractTests
{
    private const int Partitions = 3;
    private KafkaMockCluster cluster = null!;
    private KafkaChangeLogOptions options = null!;

    [OneTimeSetUp]
    public void StartCluster() => cluster = new KafkaMockCluster();

    [OneTimeTearDown]
    public void StopCluster() => cluster.Dispose();

    protected override Task PrepareAsync()
    {
        options = KafkaTestTopics.Create(cluster, Partitions, snapshotPartitions: 2);
        return Task.CompletedTask;
    }

    protected override Task<IChangeLog> OpenAsync() => Task.FromResult<IChangeLog>(new KafkaChangeLog(options, Clock));

    protected override async Task<IChangeLog> ReopenAsync(IChangeLog current)
    {
        await current.DisposeAsync();
        return await OpenAsync();
    }

    // Kafka truncates with DeleteRecords (or retention). The mock cluster does not serve the DeleteRecords request, so the
    // test moves the log start from the broker's side (rd_kafka_mock_partition_delete_records), as the broker would
    // for either; at or below the log start it is a no-op, as for Kafka.
    protected override async Task TruncateBeforeAsync(IChangeLog current, int partition, long offset)
    {
        var logStart = (await current.GetChangeOffsetsAsync(CancellationToken.None)).Single(p => p.Partition == partition).LogStartOffset;
        if (offset > logStart)
        {
            cluster.DeleteRecords(options.ChangesTopic, partition, offset);
        }
    }
}
