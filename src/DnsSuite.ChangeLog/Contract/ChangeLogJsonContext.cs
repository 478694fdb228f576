using System.Text.Json.Serialization;

namespace DnsSuite.ChangeLog.Contract;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ChangeMessage))]
[JsonSerializable(typeof(ZoneSnapshot))]
[JsonSerializable(typeof(PartitionCheckpoint))]
internal sealed partial class ChangeLogJsonContext : JsonSerializerContext;
