namespace DnsSuite.Server.Query;

internal enum ResponseSection
{
    Answer,
    Authority,
    Additional,
}
