using System.Text.Json.Serialization;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>A condition on the zone as it is before the message's operations (RFC 2136 §2.4, §3.2).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "require", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(NameInUsePrerequisite), "name-in-use")]
[JsonDerivedType(typeof(NameNotInUsePrerequisite), "name-not-in-use")]
[JsonDerivedType(typeof(RRsetExistsPrerequisite), "rrset-exists")]
[JsonDerivedType(typeof(RRsetEqualsPrerequisite), "rrset-equals")]
[JsonDerivedType(typeof(RRsetNotExistsPrerequisite), "rrset-not-exists")]
public abstract record Prerequisite
{
    /// <summary>The owner, absolute or relative to the zone ("@" is the apex).</summary>
    public required string Name { get; init; }
}
