using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace DnsSuite.Net;

/// <summary>Parses the endpoints of configuration and command lines.</summary>
public static class EndPointParser
{
    /// <summary>Parses IP:PORT or [IPv6]:PORT; the port is required (IPEndPoint.TryParse alone takes a bare address as port 0).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        string trimmed = text?.Trim() ?? "";
        int portSeparator = trimmed.LastIndexOf(':');
        bool hasPort = trimmed.StartsWith('[')
            ? portSeparator > 0 && trimmed[portSeparator - 1] == ']'
            : portSeparator > 0 && trimmed.IndexOf(':', StringComparison.Ordinal) == portSeparator;
        return hasPort && portSeparator < trimmed.Length - 1 && IPEndPoint.TryParse(trimmed, out endPoint);
    }
}
