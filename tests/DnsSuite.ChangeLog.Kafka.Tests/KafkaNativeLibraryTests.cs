using DnsSuite.TestSupport.Logging;
using DnsSuite.TestSupport;
using Microsoft.Extensions.Logging;

namespace DnsSuite.ChangeLog.Kafka.Tests;

public sealed class KafkaNativeLibraryTests
{
    // Where the build put librdkafka.redist's Linux builds for this host (runtimes/linux-x64/native, or -arm64).
    private static readonly string PackageBuilds = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "runtimes"), "native", SearchOption.AllDirectories)
        .Single(d => File.Exists(Path.Combine(d, "centos8-librdkafka.so")));

    [Test]
    public void EnsureLoaded_LoadsLibrdkafka2_16FromThePackage_AndLogsOneLineWithTheVersionAndTheBuild()
    {
        var logger = new RecordingLogger<KafkaNativeLibraryTests>();

        KafkaNativeLibrary.EnsureLoaded(logger);
        KafkaNativeLibrary.EnsureLoaded();

        Confluent.Kafka.Library.VersionString.ShouldBe("2.16.0");
        var (level, text) = logger.Lines.ShouldHaveSingleItem();
        level.ShouldBe(LogLevel.Information);
        text.ShouldStartWith("librdkafka 2.16.0: the ");
        text.ShouldMatch(@" the (default|centos8) build of librdkafka\.redist \(/\S+/(centos8-)?librdkafka\.so\)");
        text.ShouldNotContain("\n");
    }

    [Test]
    public void Load_OnAHostWithoutLibsasl2So3_SkipsTheDefaultBuild_AndSaysWhy()
    {
        var loaded = KafkaNativeLibrary.Load([PackageBuilds]);

        if (File.Exists("/usr/lib/x86_64-linux-gnu/libsasl2.so.3") || File.Exists("/usr/lib/aarch64-linux-gnu/libsasl2.so.3"))
        {
            loaded.Build.ShouldBe("default");
        }
        else
        {
            loaded.Build.ShouldBe("centos8");
            loaded.Path.ShouldBe(Path.Combine(PackageBuilds, "centos8-librdkafka.so"));
            loaded.Skipped.ShouldContain("not loaded: default build (");
            loaded.Skipped.ShouldContain("libsasl2.so.3");
        }
    }

    [Test]
    public void Load_TakesTheFirstBuildThatLoads_InTheOrderDefaultCentos8Alpine()
    {
        using var dir = new TempDir();
        dir.WriteFile("librdkafka.so", string.Empty);
        File.CreateSymbolicLink(dir.Combine("centos8-librdkafka.so"), Path.Combine(PackageBuilds, "centos8-librdkafka.so"));
        File.CreateSymbolicLink(dir.Combine("alpine-librdkafka.so"), Path.Combine(PackageBuilds, "alpine-librdkafka.so"));

        var loaded = KafkaNativeLibrary.Load([dir.Combine("missing"), dir.Path]);

        loaded.Build.ShouldBe("centos8");
        loaded.Path.ShouldBe(dir.Combine("centos8-librdkafka.so"));
        loaded.Handle.ShouldNotBe(0);
        loaded.Skipped.ShouldStartWith($"; not loaded: default build ({dir.Combine("librdkafka.so")}): ");
    }

    [Test]
    public void Load_WhenNoBuildLoads_FailsWithOneLineNamingEachBuildAndWhy()
    {
        using var dir = new TempDir();
        dir.WriteFile("librdkafka.so", string.Empty);

        var error = Should.Throw<DllNotFoundException>(() => KafkaNativeLibrary.Load([dir.Path]));

        error.Message.ShouldStartWith("librdkafka could not be loaded: no build of the librdkafka.redist package loads on this host (default build (");
        error.Message.ShouldContain("centos8 build (centos8-librdkafka.so): not found; alpine build (alpine-librdkafka.so): not found");
        error.Message.ShouldEndWith($"looked in {dir.Path}).");
        error.Message.ShouldNotContain("\n");
    }
}
