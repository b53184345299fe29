using System.Diagnostics;
using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Spec;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortableService.Tests.Systemd;

/// <summary>
/// One booted container of one systemd version for its whole collection (<see cref="SystemdCollection"/>: its test
/// classes run one after another), with the fixture images bound read-only at /srv/images. Images added to
/// <see cref="ImagesDirectory"/> later appear there too. One subclass per version: <see cref="Systemd252Fixture"/>,
/// <see cref="Systemd257Fixture"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class SystemdContainerFixture : IDisposable
{
    public const string ContainerImagesDirectory = "/srv/images";

    private readonly DirectoryInfo _work;

    protected SystemdContainerFixture(SystemdRelease release, IMessageSink diagnostics)
    {
        Release = release;
        var stopwatch = Stopwatch.StartNew();
        _work = Directory.CreateTempSubdirectory($"portable-service-systemd{release.Version}-");
        try
        {
            ImagesDirectory = Directory.CreateDirectory(Path.Combine(_work.FullName, "images")).FullName;
            SourcesDirectory = Directory.CreateDirectory(Path.Combine(_work.FullName, "sources")).FullName;
            SystemdTestPrerequisites.RequireRootOnLinux();
            RootDirectory = RootfsCache.GetOrCreate(release);
            var rootfsTime = stopwatch.Elapsed;

            HandMadeHelloImage = PortableImageFixtures.BuildHelloImage(ImagesDirectory);
            HelloImage = BuiltImages.Build(BuiltImages.HelloSpec(), ImagesDirectory);
            DemoImage = BuiltImages.Build(BuiltImages.DemoSpec(SourcesDirectory), ImagesDirectory);
            var imagesTime = stopwatch.Elapsed - rootfsTime;

            Container = SystemdContainer.Boot(new SystemdContainerOptions
            {
                Release = release,
                RootDirectory = RootDirectory,
                Binds = [new SystemdContainerBind(ImagesDirectory, ContainerImagesDirectory)],
            });
            if (Container.SystemdVersion != release.Version)
            {
                var booted = Container.SystemdVersion;
                Container.Dispose();
                throw new SystemdContainerException($"Booted {RootDirectory} as {release}, but its systemd is version {booted}.");
            }

            diagnostics.OnMessage(new DiagnosticMessage(
                "[systemd " + release.Version + "] root {0} ready in {1:0.0} s; images built in {2:0.0} s (hello {3:0.00} s, demo {4:0.00} s); container {5} {6} in {7:0.00} s",
                RootDirectory, rootfsTime.TotalSeconds, imagesTime.TotalSeconds, HelloImage.Elapsed.TotalSeconds, DemoImage.Elapsed.TotalSeconds,
                Container.MachineName, Container.SystemState, Container.BootDuration.TotalSeconds));
        }
        catch
        {
            _work.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The systemd version this fixture's container runs.</summary>
    public SystemdRelease Release { get; }

    /// <summary>Shorthand for <see cref="SystemdRelease.Version"/> of <see cref="Release"/> (252, 257).</summary>
    public int SystemdVersion => Release.Version;

    public SystemdContainer Container { get; }

    public string RootDirectory { get; }

    /// <summary>Host directory bound at /srv/images (its subdirectories too).</summary>
    public string ImagesDirectory { get; }

    /// <summary>Host directory for files that specs take as contents (scripts written by the tests).</summary>
    public string SourcesDirectory { get; }

    /// <summary>hello_1.0.raw made by hand with Debian's mksquashfs (proves the harness without our builder).</summary>
    public string HandMadeHelloImage { get; }

    /// <summary>hello_2.12.1.raw: the seed's hello example (examples/hello/hello.json) built by our builder.</summary>
    public BuiltImage HelloImage { get; }

    /// <summary>demo_1.0.raw: demo.socket + demo.service (perl) built by our builder.</summary>
    public BuiltImage DemoImage { get; }

    /// <summary>Builds <paramref name="spec"/> with our builder into <see cref="ImagesDirectory"/>/<paramref name="subdirectory"/>.</summary>
    public BuiltImage Build(PortableServiceSpec spec, string? subdirectory = null) =>
        BuiltImages.Build(spec, subdirectory is null ? ImagesDirectory : Path.Join(ImagesDirectory, subdirectory));

    /// <summary>The container path of an image in (or below) <see cref="ImagesDirectory"/>.</summary>
    public string ImagePath(string hostImage)
    {
        var full = Path.GetFullPath(hostImage);
        var relative = Path.GetRelativePath(ImagesDirectory, full);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? ContainerImagesDirectory + "/" + relative
            : throw new ArgumentException($"{hostImage} is not in {ImagesDirectory}.", nameof(hostImage));
    }

    /// <inheritdoc cref="ImagePath(string)"/>
    public string ImagePath(BuiltImage image) => ImagePath(image.Path);

    /// <summary>
    /// <c>systemd-dissect --no-pager IMAGE</c> with this version's systemd-dissect, inside the container (loop devices
    /// are there), for an image in (or below) <see cref="ImagesDirectory"/>.
    /// </summary>
    public CommandResult Dissect(string hostImage) =>
        Container.Run("systemd-dissect", "--no-pager", ImagePath(hostImage));

    /// <summary>Detaches the image (stopping its units) if a failed test left it attached.</summary>
    public void EnsureDetached(string imageName)
    {
        // is-attached prints the state (attached, attached-runtime, enabled, ..., detached) and exits 0 (systemd 252, 257).
        if (Container.HasExited
            || Container.Run("portablectl", "is-attached", imageName).StandardOutput.Trim() is "detached" or "")
        {
            return;
        }

        Container.Run("portablectl", "detach", "--now", imageName);
        Container.Run("portablectl", "detach", "--now", "--runtime", imageName);
    }

    /// <summary>
    /// <c>portablectl detach --now --runtime IMAGE_AND_MATCH</c> for what a failed test may have left attached (with
    /// <c>--extension</c> too); errors (nothing attached) are ignored.
    /// </summary>
    public void DetachLeftovers(params string[] imageAndMatch)
    {
        if (!Container.HasExited)
        {
            Container.Run(["portablectl", "detach", "--now", "--runtime", .. imageAndMatch]);
        }
    }

    /// <summary>Forgets a failed unit's state (after a test made it fail on purpose), so later tests start clean.</summary>
    public void ResetFailed(string unit)
    {
        if (!Container.HasExited)
        {
            Container.Run("systemctl", "reset-failed", unit);
        }
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

/// <summary>The fixture of <see cref="SystemdCollection.Systemd252"/>: Debian 12 bookworm, systemd 252.</summary>
[SupportedOSPlatform("linux")]
public sealed class Systemd252Fixture(IMessageSink diagnostics) : SystemdContainerFixture(SystemdRelease.Systemd252, diagnostics);

/// <summary>The fixture of <see cref="SystemdCollection.Systemd257"/>: Debian 13 trixie, systemd 257.</summary>
[SupportedOSPlatform("linux")]
public sealed class Systemd257Fixture(IMessageSink diagnostics) : SystemdContainerFixture(SystemdRelease.Systemd257, diagnostics);

/// <summary>
/// The real-systemd tests, one collection per systemd version, each with its own booted container. Within a collection
/// the test classes run one after another, sharing the boot; the two collections may run side by side. Each test class
/// is abstract, with a nested <c>Systemd252</c> and <c>Systemd257</c> subclass in these collections, so a test's name
/// says its version: <c>PortablectlAttachTests+Systemd257.AttachStartDetach_...</c>.
/// </summary>
public static class SystemdCollection
{
    public const string Systemd252 = "Systemd 252";
    public const string Systemd257 = "Systemd 257";
}

[CollectionDefinition(SystemdCollection.Systemd252)]
[SupportedOSPlatform("linux")]
public sealed class Systemd252Collection : ICollectionFixture<Systemd252Fixture>;

[CollectionDefinition(SystemdCollection.Systemd257)]
[SupportedOSPlatform("linux")]
public sealed class Systemd257Collection : ICollectionFixture<Systemd257Fixture>;
