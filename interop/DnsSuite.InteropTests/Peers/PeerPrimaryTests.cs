using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Peers;

[TestFixture]
[Category("Interop")]
public class PeerPrimaryTests
{
    [Test]
    public async Task BindPrimary_AnswersRecordFromItsZoneFile()
    {
        using var dir = new TempDir();
        using var bind = await BindServer.StartPrimaryAsync([TestZones.Write(dir, 2024010101)]);

        await AssertServesZoneAsync(bind);
    }

    [Test]
    public async Task KnotPrimary_AnswersRecordFromItsZoneFile()
    {
        using var dir = new TempDir();
        using var knot = await KnotServer.StartPrimaryAsync([TestZones.Write(dir, 2024010101)]);

        await AssertServesZoneAsync(knot);
    }

    [Test]
    public async Task NsdPrimary_AnswersRecordFromItsZoneFile()
    {
        using var dir = new TempDir();
        using var nsd = await NsdServer.StartPrimaryAsync([TestZones.Write(dir, 2024010101)]);

        await AssertServesZoneAsync(nsd);
    }

    [Test]
    public async Task NsdServer_Dispose_StopsItsProcessAndForkedChildren()
    {
        using var dir = new TempDir();
        var nsd = await NsdServer.StartPrimaryAsync([TestZones.Write(dir, 2024010101)]);
        int pid;
        List<int> children;
        try
        {
            pid = nsd.ProcessId;
            children = ChildrenOf(pid);
            children.ShouldNotBeEmpty("nsd -d forks its server and xfrd processes");
        }
        finally
        {
            nsd.Dispose();
        }

        nsd.HasExited.ShouldBeTrue();
        children.Append(pid).Where(IsRunning).ShouldBeEmpty();
        Directory.Exists(nsd.Folder.Path).ShouldBeFalse();
    }

    private static async Task AssertServesZoneAsync(PeerServer server)
    {
        try
        {
            (await server.QueryAsync("www.example.com.", "A")).ShouldBe(["192.0.2.1"]);
            (await server.GetSerialAsync(TestZones.Apex)).ShouldBe(2024010101u);
        }
        catch (Exception)
        {
            await TestContext.Out.WriteLineAsync(server.Log);
            throw;
        }
    }

    /// <summary>True while the process exists and is not a zombie left for a parent to reap.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 1)..].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": the command may contain spaces, so split after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[1] == parent.ToString(CultureInfo.InvariantCulture))
            {
                children.Add(pid);
            }
        }

        return children;
    }
}
