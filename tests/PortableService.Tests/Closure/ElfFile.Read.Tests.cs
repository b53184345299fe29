using System.Text.RegularExpressions;
using PortableService.Closure.Elf;
using PortableService.FileTrees;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

public sealed partial class ElfFileReadTests
{
    public static TheoryData<string> HostFiles => new()
    {
        "/usr/bin/env", "/usr/bin/ls", "/usr/bin/dotnet", "/usr/bin/python3", "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/ld-linux-x86-64.so.2", "/usr/lib/systemd/systemd", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
    };

    [ToolTheory("readelf")]
    [MemberData(nameof(HostFiles))]
    public void HostFile_AgreesWithReadelf(string path)
    {
        if (!File.Exists(path))
        {
            return; // not every host has every one of these files
        }

        var elf = Read(path);
        var dynamic = ExternalTool.RunChecked(ExternalTool.Require("readelf", "apt-get install binutils"), "-dW", path).Stdout;
        Assert.Equal(NeededPattern().Matches(dynamic).Select(m => m.Groups[1].Value), elf.Needed);
        Assert.Equal(Single(RunPathPattern(), dynamic), elf.RunPath);
        Assert.Equal(Single(RPathPattern(), dynamic) is { } rpath && elf.RunPath is null ? rpath : null, elf.RPath);
        Assert.Equal(Single(SoNamePattern(), dynamic), elf.SoName);
        var headers = ExternalTool.RunChecked(ExternalTool.Require("readelf", "apt-get install binutils"), "-lW", path).Stdout;
        Assert.Equal(Single(InterpreterPattern(), headers), elf.Interpreter);
        Assert.Equal(ElfMachine.X86_64, elf.Abi.Machine);
        Assert.True(elf.Abi.Is64Bit);
    }

    [Fact]
    public void StaticData_AndTruncatedFiles()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes("/usr/bin/env");
        var truncated = temp.Combine("truncated");
        File.WriteAllBytes(truncated, bytes[..100]);
        Assert.Throws<InvalidDataException>(() => Read(truncated));

        var badClass = (byte[])bytes.Clone();
        badClass[4] = 9;
        var bad = temp.Combine("bad");
        File.WriteAllBytes(bad, badClass);
        Assert.Null(ElfFile.ReadAbi(badClass));
        Assert.Throws<InvalidDataException>(() => Read(bad));
    }

    [Fact]
    public void MutatedHeaders_FailOnlyWithInvalidData()
    {
        // Every input is untrusted: corrupt the header, program headers and dynamic section of a real program.
        using var temp = new TempDirectory();
        var original = File.ReadAllBytes("/usr/bin/env");
        var random = new Random(42);
        var path = temp.Combine("mutant");
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            var limit = round % 3 == 0 ? 64 : round % 3 == 1 ? 1024 : Math.Min(bytes.Length, 16384);
            for (var i = 0; i < 1 + round % 8; i++)
            {
                bytes[4 + random.Next(limit - 4)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                Read(path);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static ElfFile Read(string path)
    {
        using var file = HostRandomAccessFile.Open(path);
        var head = new byte[ElfFile.HeadSize];
        var n = file.ReadAt(0, head);
        return ElfFile.Read(file, head.AsSpan(0, n), file.Length);
    }

    private static string? Single(Regex pattern, string text) => pattern.Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]*)\]")]
    private static partial Regex NeededPattern();

    [GeneratedRegex(@"\(RUNPATH\)\s+Library runpath: \[([^\]]*)\]")]
    private static partial Regex RunPathPattern();

    [GeneratedRegex(@"\(RPATH\)\s+Library rpath: \[([^\]]*)\]")]
    private static partial Regex RPathPattern();

    [GeneratedRegex(@"\(SONAME\)\s+Library soname: \[([^\]]*)\]")]
    private static partial Regex SoNamePattern();

    [GeneratedRegex(@"\[Requesting program interpreter: ([^\]]*)\]")]
    private static partial Regex InterpreterPattern();
}
