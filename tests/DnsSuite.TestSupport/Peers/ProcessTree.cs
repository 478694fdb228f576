using System.Globalization;

namespace DnsSuite.TestSupport.Peers;

/// <summary>
/// The descendants of a process this harness started, read from /proc, so that children which
/// outlive their parent can be killed too. A process is identified by pid and start time, so a
/// recycled pid is never touched.
/// </summary>
internal static class ProcessTree
{
    public static IReadOnlyList<(int Pid, long StartTime)> Descendants(int rootPid)
    {
        var parents = new Dictionary<int, (int Parent, long StartTime)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat)
            {
                parents[pid] = stat;
            }
        }

        var found = new List<(int, long)>();
        var frontier = new Queue<int>([rootPid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, stat) in parents)
            {
                if (stat.Parent == parent)
                {
                    found.Add((pid, stat.StartTime));
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    public static void KillSurvivors(IReadOnlyList<(int Pid, long StartTime)> processes)
    {
        const int sigKill = 9;
        foreach (var (pid, startTime) in processes)
        {
            if (ReadStat(pid) is { } stat && stat.StartTime == startTime)
            {
                try
                {
                    Signals.Send(pid, sigKill);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
    }

    private static (int Parent, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may contain spaces; fields after it are plain.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? (parent, start)
                : null;
    }
}
