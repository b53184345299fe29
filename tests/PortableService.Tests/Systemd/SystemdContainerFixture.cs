using System.Runtime.Versioning;
using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortableService.Tests.Systemd;

/// <summary>
/// One booted container for the whole "Systemd" collection (its test classes run one after another),
/// with the fixture images bound read-only at /srv/images. Images added to <see cref="ImagesDirectory"/>
/// later appear there too.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdContainerFixture : IDisposable
{
    public const string ContainerImagesDirectory = "/srv/images";

    private readonly DirectoryInfo _work;

    public SystemdContainerFixture(IMessageSink diagnostics)
    {
        var stopwatch = Stopwatch.StartNew();
        _work = Directory.CreateTempSubdirectory("portable-service-systemd-");
        try
        {
            ImagesDirectory = Directory.CreateDirectory(Path.Combine(_work.FullName, "images")).FullName;
            SystemdTestPrerequisites.RequireRootOnLinux();
            RootDirectory = RootfsCache.GetOrCreate();
            var rootfsTime = stopwatch.Elapsed;

            HelloImage = PortableImageFixtures.BuildHelloImage(ImagesDirectory);
            DemoImage = PortableImageFixtures.BuildDemoImage(ImagesDirectory);
            var imagesTime = stopwatch.Elapsed - rootfsTime;

            Container = SystemdContainer.Boot(new SystemdContainerOptions
            {
                Binds = [new SystemdContainerBind(ImagesDirectory, ContainerImagesDirectory)],
            });
            diagnostics.OnMessage(new DiagnosticMessage(
                "[systemd] root {0} ready in {1:0.0} s; images built in {2:0.0} s; container {3} {4} in {5:0.00} s",
                RootDirectory, rootfsTime.TotalSeconds, imagesTime.TotalSeconds,
                Container.MachineName, Container.SystemState, Container.BootDuration.TotalSeconds));
        }
        catch
        {
            _work.Delete(recursive: true);
            throw;
        }
    }

    public SystemdContainer Container { get; }

    public string RootDirectory { get; }

    /// <summary>Host directory bound at /srv/images.</summary>
    public string ImagesDirectory { get; }

    /// <summary>Host path of hello_1.0.raw.</summary>
    public string HelloImage { get; }

    /// <summary>Host path of demo_1.0.raw.</summary>
    public string DemoImage { get; }

    /// <summary>The container path of an image in <see cref="ImagesDirectory"/>.</summary>
    public string ImagePath(string hostImage)
    {
        var full = Path.GetFullPath(hostImage);
        return Path.GetDirectoryName(full) == ImagesDirectory
            ? ContainerImagesDirectory + "/" + Path.GetFileName(full)
            : throw new ArgumentException($"{hostImage} is not in {ImagesDirectory}.", nameof(hostImage));
    }

    /// <summary>Detaches the image (stopping its units) if a failed test left it attached.</summary>
    public void EnsureDetached(string imageName)
    {
        // is-attached prints the state (attached, attached-runtime, enabled, ..., detached) and exits 0 (systemd 252).
        if (Container.HasExited
            || Container.Run("portablectl", "is-attached", imageName).StandardOutput.Trim() is "detached" or "")
        {
            return;
        }

        Container.Run("portablectl", "detach", "--now", imageName);
        Container.Run("portablectl", "detach", "--now", "--runtime", imageName);
    }

    public void Dispose()
    {
        try
        {
            Container.Dispose();
        }
        finally
        {
            _work.Delete(recursive: true);
        }
    }
}

/// <summary>Every test that uses the real systemd container; they run one after another, sharing one boot.</summary>
[CollectionDefinition(Name)]
[SupportedOSPlatform("linux")]
public sealed class SystemdCollection : ICollectionFixture<SystemdContainerFixture>
{
    public const string Name = "Systemd";
}
