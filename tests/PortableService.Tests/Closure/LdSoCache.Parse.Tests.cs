using PortableService.Closure.Elf;
using PortableService.FileTrees;

namespace PortableService.Tests.Closure;

public sealed class LdSoCacheParseTests
{
    [ToolFact("ldconfig")]
    public void HostCache_HasTheEntriesLdconfigPrints()
    {
        if (!File.Exists("/etc/ld.so.cache"))
        {
            Assert.False(TestEnvironment.IsCi, "/etc/ld.so.cache is missing: run ldconfig");
            return;
        }

        var cache = LdSoCache.Read(new PathResolver(HostFileTree.Instance), "/etc/ld.so.cache");
        // "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1"
        var expected = ExternalTool.RunChecked(ExternalTool.Require("ldconfig", "apt-get install libc-bin"), "-p").Stdout
            .Split('\n')
            .Where(l => l.StartsWith('\t') && l.Contains(" => ", StringComparison.Ordinal))
            .Select(l => (Name: l.Trim()[..l.Trim().IndexOf(' ')], Path: l[(l.IndexOf(" => ", StringComparison.Ordinal) + 4)..].Trim()))
            .ToHashSet();
        var actual = cache.Entries.Select(e => (e.Name, e.Path)).ToHashSet();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), actual.Order());
        Assert.Equal(expected.Count, cache.Count);
        Assert.Contains(cache.Lookup("libc.so.6"), e => e.Flags == 0x0303 && e.IsBaseline);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenCache_RoundTrips(bool withOldTable)
    {
        var bytes = LdSoCacheWriter.Write([
            ("libfoo.so.1", LdSoCacheWriter.X8664, "/usr/lib/x86_64-linux-gnu/libfoo.so.1"),
            ("libfoo.so.1", LdSoCacheWriter.AArch64, "/usr/lib/aarch64-linux-gnu/libfoo.so.1"),
            ("libbar.so", LdSoCacheWriter.X8664, "/opt/lib/libbar.so"),
        ], withOldTable);

        var cache = LdSoCache.Parse("test", bytes);

        Assert.Equal(3, cache.Count);
        Assert.Equal(["/usr/lib/x86_64-linux-gnu/libfoo.so.1", "/usr/lib/aarch64-linux-gnu/libfoo.so.1"], cache.Lookup("libfoo.so.1").Select(e => e.Path));
        Assert.Equal(0x0a03, cache.Lookup("libfoo.so.1")[1].Flags);
        Assert.Empty(cache.Lookup("libnone.so"));
    }

    [Fact]
    public void Garbage_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => LdSoCache.Parse("test", "not a cache at all, not at all"u8));
        var bytes = LdSoCacheWriter.Write([("libfoo.so.1", LdSoCacheWriter.X8664, "/x")]);
        Assert.Throws<InvalidDataException>(() => LdSoCache.Parse("test", bytes.AsSpan(0, 50)));
        bytes[20] = 0xff; // nlibs far too large
        Assert.Throws<InvalidDataException>(() => LdSoCache.Parse("test", bytes));
    }

    [Fact]
    public void AbiFlags_MatchGlibcsChecks()
    {
        var x86 = new ElfAbi(ElfClass.Elf64, false, ElfMachine.X86_64);
        var arm = new ElfAbi(ElfClass.Elf64, false, ElfMachine.AArch64);
        var i386 = new ElfAbi(ElfClass.Elf32, false, ElfMachine.I386);
        Assert.True(x86.AcceptsCacheFlags(0x0303));
        Assert.False(x86.AcceptsCacheFlags(0x0a03));
        Assert.False(x86.AcceptsCacheFlags(0x0003));
        Assert.True(arm.AcceptsCacheFlags(0x0a03));
        Assert.False(arm.AcceptsCacheFlags(0x0303));
        Assert.True(i386.AcceptsCacheFlags(0x0003));
        Assert.False(i386.AcceptsCacheFlags(0x0303));
        Assert.Equal("x86_64-linux-gnu", x86.MultiarchTuple);
        Assert.Equal("aarch64-linux-gnu", arm.MultiarchTuple);
        Assert.Equal("aarch64", arm.Platform);
    }
}
