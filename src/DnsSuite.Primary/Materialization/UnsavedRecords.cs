namespace DnsSuite.Primary.Materialization;

/// <summary>A zone's records that no written snapshot includes yet: how many, and the offset of the first (null: none).</summary>
public readonly record struct UnsavedRecords(int Count, long? FirstOffset);
