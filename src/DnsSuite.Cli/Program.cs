using System.CommandLine;
using DnsSuite.Cli;

var root = new RootCommand("DnsSuite: authoritative DNS primary and secondary");
root.Subcommands.Add(PrimaryCommand.Create());
root.Subcommands.Add(SecondaryCommand.Create());
root.Subcommands.Add(ZoneCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(LogCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(HealthCommand.Create());
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    string problems = string.Join("; ", parsed.Errors.Select(error => error.Message.ReplaceLineEndings(" ")));
    Console.Error.WriteLine($"dnssuite: {problems} (see --help)");

    return ExitCodes.BadConfiguration;
}

// The host handles SIGTERM and SIGINT itself (clean shutdown, exit 0).
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
