using System.Reflection;
using Microsoft.Extensions.Logging;

namespace DnsSuite.IntegrationTests;

/// <summary>
/// Every log event of the executable has an id of its own, so that an operator can filter and alert on one event by its
/// id (the JSON console format prints it): a [LoggerMessage] without an explicit id gets a hash of its name, and two
/// events with one id cannot be told apart.
/// </summary>
public class LogEventIdTests
{
    [Test]
    public void LoggerMessages_OfEveryDnsSuiteAssembly_HaveExplicitIdsUniqueInTheProcess()
    {
        var events = new List<(int Id, string Where)>();
        foreach (Assembly assembly in DnsSuiteAssemblies())
        {
            foreach (Type type in assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message)
                    {
                        events.Add((message.EventId, $"{type.FullName}.{method.Name}"));
                    }
                }
            }
        }

        events.Count.ShouldBeGreaterThan(50, "the DnsSuite assemblies beside the tests were found and read");
        events.Where(e => e.Id <= 0).Select(e => e.Where).ShouldBeEmpty("log events without an explicit EventId");
        string[] duplicates = [.. events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Where))}")];
        duplicates.ShouldBeEmpty("event ids used by more than one log event");
    }

    /// <summary>The executable (dnssuite.dll) and the DnsSuite libraries, as copied beside this test assembly; not the tests' own.</summary>
    private static IEnumerable<Assembly> DnsSuiteAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "DnsSuite.*.dll")
            .Where(path => !Path.GetFileNameWithoutExtension(path).EndsWith("Tests", StringComparison.Ordinal) && !path.EndsWith("DnsSuite.TestSupport.dll", StringComparison.Ordinal))
            .Append(Path.Combine(AppContext.BaseDirectory, "dnssuite.dll"))
            .Select(Assembly.LoadFrom);
}
