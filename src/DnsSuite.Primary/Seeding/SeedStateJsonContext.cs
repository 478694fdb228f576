using System.Text.Json.Serialization;

namespace DnsSuite.Primary.Seeding;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SeedState))]
internal sealed partial class SeedStateJsonContext : JsonSerializerContext;
