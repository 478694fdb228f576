using DnsSuite.TestSupport.ChangeLog;
using DnsSuite.TestSupport.Kafka;

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

    // Truncation at or below the log start is a no-op for Kafka too. Beyond it Kafka needs DeleteRecords, which
    // the mock cluster lacks; KafkaRetentionTests covers retention through the mock's size limit instead.
    protected override async Task TruncateBeforeAsync(IChangeLog current, int partition, long offset)
    {
        var logStart = (await current.GetChangeOffsetsAsync(CancellationToken.None)).Single(p => p.Partition == partition).LogStartOffset;
        if (offset > logStart)
        {
            Assert.Ignore("librdkafka's mock cluster has no DeleteRecords: see KafkaRetentionTests for the retention path.");
        }
    }
}
