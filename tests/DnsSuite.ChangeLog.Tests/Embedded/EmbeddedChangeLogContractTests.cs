using DnsSuite.ChangeLog.Embedded;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.ChangeLog;

namespace DnsSuite.ChangeLog.Tests.Embedded;

[TestFixture]
public sealed class EmbeddedChangeLogContractTests : ChangeLogContractTests
{
    private readonly TempDir root = new("changelog");
    private string dataDirectory = string.Empty;

    [OneTimeTearDown]
    public void DeleteDirectories() => root.Dispose();

    protected override Task PrepareAsync()
    {
        dataDirectory = root.Combine(Guid.NewGuid().ToString("N"));
        return Task.CompletedTask;
    }

    protected override async Task<IChangeLog> OpenAsync() =>
        await EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = dataDirectory }, Clock);

    protected override async Task<IChangeLog> ReopenAsync(IChangeLog current)
    {
        await current.DisposeAsync();
        return await OpenAsync();
    }

    protected override Task TruncateBeforeAsync(IChangeLog current, int partition, long offset)
    {
        partition.ShouldBe(0);
        return ((EmbeddedChangeLog)current).TruncateBeforeAsync(offset, CancellationToken.None);
    }
}
