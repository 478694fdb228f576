using System.Text.Json.Serialization;

namespace DnsSuite.Zones;

/// <summary>How a zone's SOA serial advances with each applied message (all from the log, never a clock).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SerialPolicy>))]
public enum SerialPolicy
{
    /// <summary>The previous serial plus one (RFC 1982 §3.1).</summary>
    [JsonStringEnumMemberName("increment")]
    Increment,

    /// <summary>Seconds since 1970 of the record timestamp, or the previous serial plus one if that is not newer.</summary>
    [JsonStringEnumMemberName("unixtime")]
    UnixTime,

    /// <summary>YYYYMMDDnn of the record timestamp (UTC), or the previous serial plus one if that is not newer.</summary>
    [JsonStringEnumMemberName("dateserial")]
    DateSerial,
}
