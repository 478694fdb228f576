using DnsSuite.ChangeLog.Memory;
using DnsSuite.TestSupport.ChangeLog;

namespace DnsSuite.ChangeLog.Tests;

[TestFixture]
public sealed class InMemoryChangeLogContractTests : ChangeLogContractTests
{
    [Test]
    public async Task Zones_AreSpreadOverPartitions_AsKafkasDefaultPartitionerWould()
    {
        var memory = (InMemoryChangeLog)Log;

        foreach (var zone in Zones)
        {
            var position = await Log.AppendChangeAsync(zone, Value(zone), CancellationToken.None);
            position.Partition.ShouldBe(KafkaPartitioner.Partition(zone, memory.PartitionCount));
        }
    }

    protected override Task<IChangeLog> OpenAsync() => Task.FromResult<IChangeLog>(new InMemoryChangeLog(3, Clock));

    protected override Task<IChangeLog> ReopenAsync(IChangeLog current) => Task.FromResult(current);

    protected override Task TruncateBeforeAsync(IChangeLog current, int partition, long offset) =>
        ((InMemoryChangeLog)current).TruncateBeforeAsync(partition, offset, CancellationToken.None);
}
