using System.CommandLine;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;

namespace DnsSuite.Cli;

/// <summary><c>dnssuite zone check|export FILE [--origin ZONE]</c>: validate a zone file, or print it in canonical form.</summary>
internal static class ZoneCommand
{
    private static readonly Argument<string> FileArgument = new("file") { Description = "the zone file" };
    private static readonly Option<string?> OriginOption = new("--origin") { Description = "the zone's name (default: the file's $ORIGIN, else its file name without .zone)" };

    private static readonly Option<int> MaxRecordsOption = new("--max-records-per-rrset")
    {
        Description = "the most records one RRset may hold, as Limits:MaxRecordsPerRRset (0: no limit)",
        DefaultValueFactory = _ => OversizedRRset.DefaultLimit,
    };

    public static Command Create()
    {
        var zone = new Command("zone", "Zone-file tools");
        zone.Subcommands.Add(Sub("check", "Validate a zone file: print a summary, or every error with file, line and column", Check));
        zone.Subcommands.Add(Sub("export", "Print a zone file in canonical form (sorted, absolute names), as named-checkzone accepts it", Export));
        return zone;
    }

    private static Command Sub(string name, string description, Func<string, ZoneVersion, int> action)
    {
        var command = new Command(name, description);
        command.Arguments.Add(FileArgument);
        command.Options.Add(OriginOption);
        command.Options.Add(MaxRecordsOption);
        command.SetAction(parsed => Run(parsed, action));
        return command;
    }

    private static int Run(ParseResult parsed, Func<string, ZoneVersion, int> action)
    {
        string file = parsed.GetValue(FileArgument)!;
        try
        {
            DomainName origin = parsed.GetValue(OriginOption) is { } text ? DomainName.Parse(text.EndsWith('.') ? text : text + ".") : ZoneFile.OriginOf(file);
            int maxRecords = parsed.GetValue(MaxRecordsOption);
            if (maxRecords < 0)
            {
                Console.Error.WriteLine($"--max-records-per-rrset must be 0 (no limit) or more, not {maxRecords}");
                return ExitCodes.BadConfiguration;
            }

            ZoneVersion version = ZoneFile.Load(file, origin, warning => Console.Error.WriteLine($"warning: {warning}"), maxRecordsPerRRset: maxRecords);
            return action(file, version);
        }
        catch (ZoneValidationException e)
        {
            foreach (string problem in e.Problems)
            {
                // The problem of an RRset over the limit names its file and line already (an $INCLUDE's, maybe).
                Console.Error.WriteLine(e.Oversized is { } oversized && problem.EndsWith($"this is record {oversized.Limit + 1}", StringComparison.Ordinal) ? problem : $"{file}: {problem}");
            }

            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
    }

    private static int Check(string file, ZoneVersion version)
    {
        Console.WriteLine($"{file}: zone {version.Origin} serial {version.Serial}: {version.RecordCount} records at {version.NodeCount} names: OK");
        return ExitCodes.Success;
    }

    private static int Export(string file, ZoneVersion version)
    {
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
        ZoneFileWriter.Write(output, version.Origin, version.EnumerateRecords(canonicalOrder: true));
        return ExitCodes.Success;
    }
}
