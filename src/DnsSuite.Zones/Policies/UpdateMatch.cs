namespace DnsSuite.Zones.Policies;

/// <summary>How an update rule's name matches the owner of an update (BIND's update-policy name types).</summary>
public enum UpdateMatch
{
    /// <summary>The owner is exactly the rule's name.</summary>
    Name,
    /// <summary>The owner is the rule's name or below it.</summary>
    Subdomain,
    /// <summary>The rule's name is a wildcard <c>*.parent</c>; the owner is strictly below <c>parent</c>.</summary>
    Wildcard,
    /// <summary>The owner is in the zone (any name the zone holds).</summary>
    Zonesub,
}
