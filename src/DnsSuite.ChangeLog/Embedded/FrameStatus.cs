namespace DnsSuite.ChangeLog.Embedded;

/// <summary>The outcome of reading one record frame.</summary>
internal enum FrameStatus
{
    /// <summary>A whole frame with a matching CRC.</summary>
    Valid,

    /// <summary>The bytes available end before the frame does.</summary>
    Incomplete,

    /// <summary>The bytes are not a frame: wrong magic or version, impossible length, CRC mismatch.</summary>
    Invalid,
}
