namespace DnsSuite.ChangeLog.Kafka.Tests;

public sealed class KafkaNativeLibraryTests
{
    [Test]
    public void Load_OfAMissingLibrary_FailsWithOneLineNamingThePackage()
    {
        var error = Should.Throw<DllNotFoundException>(() => KafkaNativeLibrary.Load("librdkafka-missing.so.1"));

        error.Message.ShouldStartWith("librdkafka not found: install the librdkafka1 package");
        error.Message.ShouldContain("librdkafka-missing.so.1");
        error.Message.ShouldNotContain("\n");
    }

    [Test]
    public void EnsureLoaded_WithLibrdkafka1Installed_Succeeds_AndCanBeRepeated()
    {
        KafkaNativeLibrary.EnsureLoaded();

        Should.NotThrow(KafkaNativeLibrary.EnsureLoaded);
        Confluent.Kafka.Library.Version.ShouldBeGreaterThan(0);
    }
}
