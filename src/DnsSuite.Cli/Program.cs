using System.CommandLine;
using DnsSuite.Cli;

var root = new RootCommand("DnsSuite: authoritative DNS primary and secondary");
root.Subcommands.Add(PrimaryCommand.Create());
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
    {
        Console.Error.WriteLine($"dnssuite: {error.Message.ReplaceLineEndings(" ")}");
    }

    return ExitCodes.BadConfiguration;
}

// The host handles SIGTERM and SIGINT itself (clean shutdown, exit 0).
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
