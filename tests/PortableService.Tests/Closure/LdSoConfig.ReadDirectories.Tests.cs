using PortableService.Closure.Elf;
using PortableService.FileTrees;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

public sealed class LdSoConfigReadDirectoriesTests
{
    private static readonly PathResolver Host = new(HostFileTree.Instance);

    [Fact]
    public void IncludesCommentsHwcapAndTypes()
    {
        using var temp = new TempDirectory();
        var conf = temp.Write("ld.so.conf", "# comment\n/opt/first/\ninclude conf.d/*.conf\nhwcap 1 nosegneg\n/opt/typed=libc6 # trailing comment\n/opt/first\n");
        temp.Write("conf.d/b.conf", "/opt/b\n");
        temp.Write("conf.d/a.conf", "/opt/a\ninclude " + temp.Combine("ld.so.conf") + "\n");
        temp.Write("conf.d/ignored.txt", "/opt/ignored\n");

        Assert.Equal(["/opt/first", "/opt/a", "/opt/b", "/opt/typed"], LdSoConfig.ReadDirectories(Host, conf));
    }

    [Fact]
    public void MissingFile_GivesNoDirectories() => Assert.Empty(LdSoConfig.ReadDirectories(Host, "/nonexistent/ld.so.conf"));

    [Fact]
    public void HostConfig_IsReadable()
    {
        if (File.Exists("/etc/ld.so.conf.d/x86_64-linux-gnu.conf"))
        {
            Assert.Contains("/usr/lib/x86_64-linux-gnu", LdSoConfig.ReadDirectories(Host, "/etc/ld.so.conf"));
        }
    }
}
