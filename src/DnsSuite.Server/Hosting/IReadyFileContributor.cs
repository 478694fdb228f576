namespace DnsSuite.Server.Hosting;

/// <summary>Adds entries to the ready file (e.g. the bound HTTP endpoint), before it is written.</summary>
public interface IReadyFileContributor
{
    void AddTo(IDictionary<string, object> content);
}
