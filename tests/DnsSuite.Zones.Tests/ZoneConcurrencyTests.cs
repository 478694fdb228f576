using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests;

public class ZoneConcurrencyTests
{
    [Test]
    public void Readers_WhileWriterCommits_AlwaysSeeConsistentVersions_AndTheirHistoryInTheJournal()
    {
        var zone = new Zone(Load());
        const int commits = 300;
        using var done = new CancellationTokenSource();
        int inconsistent = 0;
        int reads = 0;
        using var readersStarted = new CountdownEvent(2);

        Task[] readers = [.. Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            bool signalled = false;
            while (!done.IsCancellationRequested)
            {
                ZoneVersion version = zone.Current;
                int hosts = (int)version.Serial - 1;
                bool consistent = version.RecordCount == 3 + hosts
                    && version.EnumerateRecords(canonicalOrder: false).Count() == version.RecordCount
                    && (hosts == 0 || version.TryGetNode(Name($"h{hosts - 1}"), out _))
                    // No window: a version is visible only once the journal holds the changes that lead to it.
                    && (hosts == 0 || zone.Journal.TryGetSpan(1, version.Serial, out _));
                if (!consistent)
                {
                    Interlocked.Increment(ref inconsistent);
                }

                Interlocked.Increment(ref reads);
                if (!signalled)
                {
                    readersStarted.Signal();
                    signalled = true;
                }
            }
        }))];

        // On a busy 2-core machine the writer could finish before a reader is scheduled at all.
        readersStarted.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        for (int i = 0; i < commits; i++)
        {
            var transaction = new ZoneTransaction(zone.Current);
            transaction.Add(Rr($"h{i} 300 IN A 192.0.2.1"));
            (ZoneVersion next, Changeset changes) = transaction.Commit((uint)i + 2);
            zone.Commit(next, [changes]);
        }

        done.Cancel();
        Task.WaitAll(readers, TimeSpan.FromSeconds(30)).ShouldBeTrue();
        inconsistent.ShouldBe(0);
        reads.ShouldBeGreaterThan(0);
        zone.Current.RecordCount.ShouldBe(3 + commits);
    }
}
