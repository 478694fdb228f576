using System.CommandLine;
using DnsSuite.ChangeLog.Embedded;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite log repair --data DIR</c>: cuts a corrupt embedded change log at its last whole record, keeping the
/// bytes cut off beside it (docs/embedded-log.md, "Recovery"). Run it with every process using the folder stopped.
/// </summary>
internal static class LogRepairCommand
{
    private static readonly Option<string> DataOption = new("--data") { Description = "folder of the embedded change log", Required = true };

    public static Command Create()
    {
        var repair = new Command("repair", "Cut a corrupt embedded change log at its last whole record; the bytes cut off are saved beside it");
        repair.Options.Add(DataOption);
        repair.SetAction(RepairAsync);
        return repair;
    }

    private static async Task<int> RepairAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        string data = parsed.GetValue(DataOption)!;
        if (!File.Exists(Path.Combine(data, EmbeddedChangeLog.ChangesFileName)))
        {
            await Console.Error.WriteLineAsync($"dnssuite log repair: no {EmbeddedChangeLog.ChangesFileName} in '{data}'").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        try
        {
            EmbeddedLogRepairResult? result = await EmbeddedLogRepair.RepairAsync(data, new EmbeddedChangeLogOptions { DataDirectory = data }.LockTimeout, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(result is null
                ? $"{Path.Combine(data, EmbeddedChangeLog.ChangesFileName)}: every record is whole; nothing to repair"
                : $"{result.Path}: cut at byte offset {result.Position} ({result.BytesCut} bytes, from the record that would have had offset {result.NextOffset}); the bytes cut off are in {result.SavedTo}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"dnssuite log repair: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
