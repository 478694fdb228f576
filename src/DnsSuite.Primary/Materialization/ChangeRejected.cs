namespace DnsSuite.Primary.Materialization;

/// <summary>The message was not applied, none of it. <paramref name="Prerequisite"/> is set for <see cref="RejectionReason.PrerequisiteFailed"/>.</summary>
public sealed record ChangeRejected(RejectionReason Reason, string Message, FailedPrerequisite? Prerequisite = null) : ApplyResult;
