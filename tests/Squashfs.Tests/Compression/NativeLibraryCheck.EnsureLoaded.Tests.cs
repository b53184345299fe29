using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class NativeLibraryCheckEnsureLoadedTests
{
    [Fact]
    public void SaysHowToInstallAMissingLibrary()
    {
        NotSupportedException exception = Assert.Throws<NotSupportedException>(
            () => NativeLibraryCheck.EnsureLoaded("liblzo2-not-installed.so.2", "lzo", "liblzo2-2", "lzo"));

        Assert.Equal(
            "The lzo compressor needs the native library liblzo2-not-installed.so.2, which could not be loaded: install it with 'apt-get install liblzo2-2' (Debian/Ubuntu) or 'dnf install lzo' (Fedora/RHEL).",
            exception.Message);
    }

    [Theory]
    [InlineData("liblzma.so.5")]
    [InlineData("liblzo2.so.2")]
    public void AcceptsTheInstalledCodecLibraries(string library)
    {
        NativeLibraryCheck.EnsureLoaded(library, "test", "package", "package");
    }
}
