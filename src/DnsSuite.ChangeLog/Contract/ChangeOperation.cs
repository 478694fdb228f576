using System.Text.Json.Serialization;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>One operation of a change message; the <c>op</c> member of the JSON selects the kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AddOperation), "ADD")]
[JsonDerivedType(typeof(SetOperation), "SET")]
[JsonDerivedType(typeof(DeleteOperation), "DEL")]
[JsonDerivedType(typeof(CreateZoneOperation), "CREATE_ZONE")]
[JsonDerivedType(typeof(DeleteZoneOperation), "DELETE_ZONE")]
[JsonDerivedType(typeof(ReplaceZoneOperation), "REPLACE_ZONE")]
[JsonDerivedType(typeof(SetMetadataOperation), "SET_METADATA")]
public abstract record ChangeOperation
{
    /// <summary>Whether the operation creates, deletes or replaces a whole zone, or sets its metadata, and so must stand alone in its message.</summary>
    [JsonIgnore]
    public bool IsLifecycle => this is CreateZoneOperation or DeleteZoneOperation or ReplaceZoneOperation or SetMetadataOperation;
}
