namespace DnsSuite.Primary.Materialization;

/// <summary>The outcome of applying one change message: one of the sealed records deriving from this.</summary>
public abstract record ApplyResult;
