using System.CommandLine;
using System.Text;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Hosting;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Cli;

/// <summary>
/// <c>dnssuite publish</c>: writes one change message into the change log (docs/change-log.md), after checking it
/// the way a primary will (shape, names, RDATA, zone rules), and prints where it landed.
/// </summary>
internal static class PublishCommand
{
    private static readonly Argument<string> ZoneArgument = new("zone") { Description = "the zone apex, e.g. example.com." };
    private static readonly Argument<string> NameArgument = new("name") { Description = "owner, relative to the zone or absolute; @ is the apex" };
    private static readonly Argument<string> TtlArgument = new("ttl") { Description = "TTL in seconds or as a duration (1h30m)" };
    private static readonly Argument<string> TypeArgument = new("type") { Description = "record type mnemonic or TYPEnnn" };
    private static readonly Argument<string[]> RdataArgument = new("rdata") { Description = "RDATA in presentation format", Arity = ArgumentArity.OneOrMore };
    private static readonly Argument<string[]> DeleteArgument = new("type-and-rdata") { Description = "[TYPE [RDATA...]]: omit both to delete the name, RDATA to delete the RRset", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Argument<string> RawFileArgument = new("file") { Description = "a complete change message as JSON (- for standard input)" };
    private static readonly Option<string[]> MoreRdataOption = new("--rdata") { Description = "a further record of the RRset; repeatable" };
    private static readonly Option<string?> FileOption = new("--file") { Description = "zone file with the zone's content" };
    private static readonly Option<string?> SoaOption = new("--soa") { Description = "SOA RDATA: mname rname serial refresh retry expire minimum" };
    private static readonly Option<string[]> NsOption = new("--ns") { Description = "apex name server; repeatable" };
    private static readonly Option<string?> ZoneTtlOption = new("--ttl") { Description = "TTL of the SOA and NS, default of --record (default 3600)" };
    private static readonly Option<string[]> RecordOption = new("--record") { Description = "further record as a zone-file line (\"ns1 3600 A 192.0.2.53\"); repeatable" };
    private static readonly Option<string?> SerialPolicyOption = new("--serial-policy") { Description = "increment (default), unixtime or dateserial" };
    private static readonly Option<string?> GroupOption = new("--group") { Description = "zone metadata: the catalog zone group (RFC 9432 §4.4.2)" };
    private static readonly Option<string[]> AlsoNotifyOption = new("--also-notify") { Description = "zone metadata: a further NOTIFY target IP:PORT; repeatable" };
    private static readonly Option<string?> TransferAclOption = new("--transfer-acl") { Description = "zone metadata: the name of a transfer access list of the servers' configuration" };
    private static readonly Option<string?> TransferKeyOption = new("--transfer-key") { Description = "zone metadata: the name of the TSIG key for transfers and NOTIFY (the secret stays in key files)" };
    private static readonly Option<string?> SourceOption = new("--source") { Description = "who or what publishes, for operators (default: dnssuite publish (user@host))" };

    public static Command Create()
    {
        var publish = new Command("publish", "Write a change into the change log");
        publish.Subcommands.Add(Sub("add", "Add one record: ZONE NAME TTL TYPE RDATA...", [ZoneArgument, NameArgument, TtlArgument, TypeArgument, RdataArgument], [], Add));
        publish.Subcommands.Add(Sub("set", "Make an RRset exactly these records: ZONE NAME TTL TYPE RDATA... [--rdata RDATA]...", [ZoneArgument, NameArgument, TtlArgument, TypeArgument, RdataArgument], [MoreRdataOption], Set));
        publish.Subcommands.Add(Sub("del", "Delete a record, an RRset or every RRset at a name: ZONE NAME [TYPE [RDATA...]]", [ZoneArgument, NameArgument, DeleteArgument], [], Delete));
        publish.Subcommands.Add(Sub("create-zone", "Create a zone from --file, or from --soa and --ns (and --record)", [ZoneArgument], [FileOption, SoaOption, NsOption, ZoneTtlOption, RecordOption, SerialPolicyOption, GroupOption, AlsoNotifyOption, TransferAclOption, TransferKeyOption], CreateZone));
        publish.Subcommands.Add(Sub("set-metadata", "Replace a zone's metadata (--group, --also-notify, --transfer-acl, --transfer-key) and optionally its --serial-policy", [ZoneArgument], [GroupOption, AlsoNotifyOption, TransferAclOption, TransferKeyOption, SerialPolicyOption], SetMetadata));
        publish.Subcommands.Add(Sub("delete-zone", "Delete a zone", [ZoneArgument], [], parsed => Message(parsed, new DeleteZoneOperation())));
        publish.Subcommands.Add(Sub("replace-zone", "Replace a zone's whole content with --file (the difference becomes one change)", [ZoneArgument], [FileOption], ReplaceZone));
        publish.Subcommands.Add(Sub("raw", "Publish a complete change message (with prerequisites) from a JSON file", [RawFileArgument], [], Raw));
        return publish;
    }

    private static Command Sub(string name, string description, Argument[] arguments, Option[] options, Func<ParseResult, ChangeMessage> build)
    {
        var command = new Command(name, description);
        foreach (Argument argument in arguments)
        {
            command.Arguments.Add(argument);
        }

        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(SourceOption);
        command.Options.Add(CommandHost.ConfigOption);
        ChangeLogFlags.AddOptions(command);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, build, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, Func<ParseResult, ChangeMessage> build, CancellationToken cancellationToken)
    {
        IConfiguration configuration;
        ChangeMessage message;
        try
        {
            configuration = CommandHost.BuildConfiguration(parsed.GetValue(CommandHost.ConfigOption), ChangeLogFlags.FlagValues(parsed));
            _ = ChangeLogSelection.Options(configuration);
            message = build(parsed);
        }
        catch (Exception e) when (e is FormatException or ZoneFormatException or ZoneValidationException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            string reason = e is ZoneValidationException invalid ? string.Join("; ", invalid.Problems) : e.Message;
            await Console.Error.WriteLineAsync($"dnssuite publish: {OneLine(reason)}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        byte[] value = ChangeLogJson.Serialize(message);
        if (Check(message, value) is { } problem)
        {
            await Console.Error.WriteLineAsync($"dnssuite publish: {problem.Reason}: {OneLine(problem.Message)}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        try
        {
            await using IChangeLog log = await ChangeLogSelection.OpenAsync(configuration, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            LogPosition position = await log.AppendChangeAsync(KeyOf(message), value, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"partition {position.Partition} offset {position.Offset}");
            return ExitCodes.Success;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"dnssuite publish: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"dnssuite publish: cannot write to the change log: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// The checks a primary makes that do not depend on the zone's content: decoding, names, RDATA, and the zone rules
    /// applied to a minimal zone of the same name. Prerequisites, conflicts with existing records and the zone's RRset size
    /// limit (the primaries' configuration, not this command's) are judged at apply time.
    /// </summary>
    private static ChangeRejected? Check(ChangeMessage message, byte[] value)
    {
        if (!ChangeApplier.TryDecode(KeyOf(message), value, out DecodedChange? change, out ChangeRejected? rejection))
        {
            return rejection;
        }

        ZoneHead? scratch = null;
        if (message.Operations[0] is not CreateZoneOperation)
        {
            var soa = new ResourceRecord(change.Origin, 3600, Rdata.Parse(RecordType.SOA, "invalid. invalid. 1 3600 600 86400 300", DomainName.Root));
            var ns = new ResourceRecord(change.Origin, 3600, Rdata.Parse(RecordType.NS, "invalid.", DomainName.Root));
            scratch = new ZoneHead(new ZoneDraft(ZoneVersion.Create(change.Origin, [soa, ns])), SerialPolicy.Increment);
        }

        return ChangeApplier.Apply(change, scratch, null, DateTimeOffset.UtcNow, OversizedRRset.Unlimited) is ChangeRejected { Reason: not (RejectionReason.PrerequisiteFailed or RejectionReason.LastApexNs) } rejected
            ? rejected
            : null;
    }

    private static string KeyOf(ChangeMessage message) =>
        DomainName.TryParse(message.Zone, DomainName.Root, out DomainName? origin, out _) ? ChangeApplier.KeyOf(origin) : message.Zone;

    private static ChangeMessage Add(ParseResult parsed) => Message(parsed, new AddOperation
    {
        Name = parsed.GetValue(NameArgument)!,
        Ttl = Ttl(parsed.GetValue(TtlArgument)!),
        Type = parsed.GetValue(TypeArgument)!,
        Rdata = string.Join(' ', parsed.GetValue(RdataArgument)!),
    });

    private static ChangeMessage Set(ParseResult parsed) => Message(parsed, new SetOperation
    {
        Name = parsed.GetValue(NameArgument)!,
        Ttl = Ttl(parsed.GetValue(TtlArgument)!),
        Type = parsed.GetValue(TypeArgument)!,
        Rdata = [string.Join(' ', parsed.GetValue(RdataArgument)!), .. parsed.GetValue(MoreRdataOption) ?? []],
    });

    private static ChangeMessage Delete(ParseResult parsed)
    {
        string[] rest = parsed.GetValue(DeleteArgument) ?? [];
        return Message(parsed, new DeleteOperation
        {
            Name = parsed.GetValue(NameArgument)!,
            Type = rest.Length > 0 ? rest[0] : null,
            Rdata = rest.Length > 1 ? string.Join(' ', rest[1..]) : null,
        });
    }

    private static ChangeMessage CreateZone(ParseResult parsed)
    {
        SerialPolicy policy = Policy(parsed) ?? SerialPolicy.Increment;
        ZoneMetadata metadata = Metadata(parsed);
        ZoneMetadata? optional = metadata.IsEmpty ? null : metadata;
        if (parsed.GetValue(FileOption) is { } file)
        {
            if (parsed.GetValue(SoaOption) is not null || parsed.GetValue(NsOption) is { Length: > 0 } || parsed.GetValue(RecordOption) is { Length: > 0 })
            {
                throw new FormatException("--file excludes --soa, --ns and --record");
            }

            return Message(parsed, new CreateZoneOperation { Zonefile = ZoneText(parsed, file), SerialPolicy = policy, Metadata = optional });
        }

        string soa = parsed.GetValue(SoaOption) ?? throw new FormatException("create-zone needs --file, or --soa and --ns");
        string[] ns = parsed.GetValue(NsOption) is { Length: > 0 } servers ? servers : throw new FormatException("create-zone needs at least one --ns");
        string[] records = parsed.GetValue(RecordOption) ?? [];
        return Message(parsed, new CreateZoneOperation
        {
            Soa = soa,
            Ttl = parsed.GetValue(ZoneTtlOption) is { } ttl ? Ttl(ttl) : 3600,
            Ns = ns,
            Records = records.Length > 0 ? records : null,
            SerialPolicy = policy,
            Metadata = optional,
        });
    }

    private static ChangeMessage SetMetadata(ParseResult parsed) =>
        Message(parsed, new SetMetadataOperation { Metadata = Metadata(parsed), SerialPolicy = Policy(parsed) });

    private static SerialPolicy? Policy(ParseResult parsed) => parsed.GetValue(SerialPolicyOption) switch
    {
        null => null,
        "increment" => SerialPolicy.Increment,
        "unixtime" => SerialPolicy.UnixTime,
        "dateserial" => SerialPolicy.DateSerial,
        { } other => throw new FormatException($"--serial-policy {Excerpt.Quote(other)} is not increment, unixtime or dateserial"),
    };

    private static ZoneMetadata Metadata(ParseResult parsed) => new()
    {
        Group = parsed.GetValue(GroupOption),
        AlsoNotify = parsed.GetValue(AlsoNotifyOption) is { Length: > 0 } targets ? targets : null,
        TransferAcl = parsed.GetValue(TransferAclOption),
        TransferKey = parsed.GetValue(TransferKeyOption),
    };

    private static ChangeMessage ReplaceZone(ParseResult parsed) =>
        Message(parsed, new ReplaceZoneOperation { Zonefile = ZoneText(parsed, parsed.GetValue(FileOption) ?? throw new FormatException("replace-zone needs --file")) });

    private static ChangeMessage Raw(ParseResult parsed)
    {
        string file = parsed.GetValue(RawFileArgument)!;
        byte[] json = file == "-" ? Encoding.UTF8.GetBytes(Console.In.ReadToEnd()) : File.ReadAllBytes(file);
        if (!ChangeLogJson.TryParseChange(json, out ChangeMessage? message, out string? error, out _))
        {
            throw new FormatException($"{file}: {error}");
        }

        return message;
    }

    /// <summary>The zone file read here (so <c>$INCLUDE</c> works) and validated, as canonical text: the log never depends on this host's files.</summary>
    private static string ZoneText(ParseResult parsed, string file)
    {
        DomainName origin = Origin(parsed);
        ZoneVersion version = ZoneFile.Load(file, origin, warning => Console.Error.WriteLine($"warning: {warning}"));
        return ZoneFileWriter.ToText(origin, version.EnumerateRecords());
    }

    private static ChangeMessage Message(ParseResult parsed, ChangeOperation operation) => new()
    {
        Zone = Origin(parsed).ToString(),
        Operations = [operation],
        Source = parsed.GetValue(SourceOption) ?? $"dnssuite publish ({Environment.UserName}@{Environment.MachineName})",
    };

    private static DomainName Origin(ParseResult parsed)
    {
        string text = parsed.GetValue(ZoneArgument)!;
        return DomainName.TryParse(text.EndsWith('.') ? text : text + ".", DomainName.Root, out DomainName? origin, out string? error)
            ? origin
            : throw new FormatException($"zone {Excerpt.Quote(text)}: {error}");
    }

    private static uint Ttl(string text) =>
        PresentationReader.TryParseDuration(text, out uint seconds) && seconds <= int.MaxValue
            ? seconds
            : throw new FormatException($"TTL {Excerpt.Quote(text)} is not a number of seconds from 0 to 2147483647 (RFC 2181 §8) or a duration such as 1h30m");

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
