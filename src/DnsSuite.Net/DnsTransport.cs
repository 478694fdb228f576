namespace DnsSuite.Net;

/// <summary>The transport a request arrived on; it decides the response size limit (RFC 1035 §4.2, RFC 6891 §6.2.5).</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}
