using PortableService.Closure;
using PortableService.Diagnostics;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>Library search as ld.so does it: RPATH and RUNPATH with $ORIGIN, inheritance, the cache, ABI checks.</summary>
public sealed class ClosureResolverResolveLibrariesTests
{
    private static readonly ClosureOptions s_options = new() { StoreDirectory = "/nonexistent-store" };

    [ToolFact("gcc", "ldd")]
    public void RunPathWithOrigin_FindsTheLibraryNextToTheProgram()
    {
        using var temp = new TempDirectory();
        var lib = NativeBuild.SharedLibrary(temp.Combine("lib"), "foo");
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["foo"], "-L" + temp.Combine("lib"), "-lfoo", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(program, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        var image = new ClosureImage(result);
        foreach (var path in ClosureAssertions.LddPaths(program))
        {
            image.AssertHas(path);
        }

        var item = result.Items.Single(i => i.HostPath == lib);
        Assert.Equal(ClosureItemKind.File, item.Kind);
        Assert.Equal($"library libfoo.so needed by {program}, reached as {temp.Combine("bin")}/../lib/libfoo.so", item.Reason);
    }

    [ToolFact("gcc", "ldd")]
    public void RPath_IsInheritedByTheLibrariesItLoads_RunPathIsNot()
    {
        using var temp = new TempDirectory();
        var libDir = temp.Combine("lib");
        var libB = NativeBuild.SharedLibrary(libDir, "b");
        NativeBuild.SharedLibrary(libDir, "a", ["b"], "-L" + libDir, "-lb"); // liba needs libb, and has no search path of its own

        var withRPath = NativeBuild.Program(temp.Combine("rpath"), "prog", ["a"], "-L" + libDir, "-la", "-Wl,--disable-new-dtags,-rpath," + libDir);
        using (var resolver = new ClosureResolver(s_options))
        {
            var image = new ClosureImage(resolver.Resolve([new ClosureRoot(withRPath, "contents[0]")]));
            foreach (var path in ClosureAssertions.LddPaths(withRPath))
            {
                image.AssertHas(path);
            }

            Assert.Contains("needed by " + Path.Combine(libDir, "liba.so"), image[libB]!.Reason);
        }

        var withRunPath = NativeBuild.Program(temp.Combine("runpath"), "prog", ["a"], "-L" + libDir, "-la", "-Wl,--enable-new-dtags,-rpath," + libDir);
        Assert.Contains("libb.so => not found", ExternalTool.RunChecked("ldd", withRunPath).Stdout);
        using (var resolver = new ClosureResolver(s_options))
        {
            var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(withRunPath, "contents[0]")]));
            var diagnostic = Assert.Single(error.Diagnostics);
            Assert.Equal("PS2002", diagnostic.Code);
            Assert.Contains("library libb.so, needed by " + Path.Combine(libDir, "liba.so"), diagnostic.Message);
        }
    }

    [ToolFact("gcc")]
    public void MissingLibrary_ErrorNamesTheLibraryWhoNeedsItAndWhereItWasSearched()
    {
        using var temp = new TempDirectory();
        var libDir = temp.Combine("lib");
        var lib = NativeBuild.SharedLibrary(libDir, "gone");
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["gone"], "-L" + libDir, "-lgone", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib");
        File.Delete(lib);

        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(program, "contents[3]")]));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("PS2002", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(program, diagnostic.Location);
        Assert.Contains("library libgone.so", diagnostic.Message);
        Assert.Contains($"needed by {program} (contents[3])", diagnostic.Message);
        Assert.Contains($"{temp.Combine("bin")}/../lib/libgone.so (DT_RUNPATH of {program})", diagnostic.Message);
        Assert.Contains("/etc/ld.so.cache", diagnostic.Message);
        Assert.Contains("/usr/lib/libgone.so (system directory)", diagnostic.Message);
        Assert.Contains("allow missing", diagnostic.Message);
    }

    [ToolFact("gcc")]
    public void MissingLibrary_WithAllowMissing_IsAWarningAndTheRestIsResolved()
    {
        using var temp = new TempDirectory();
        var lib = NativeBuild.SharedLibrary(temp.Combine("lib"), "gone");
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["gone"], "-L" + temp.Combine("lib"), "-lgone");
        File.Delete(lib);

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", AllowMissing = true });
        var result = resolver.Resolve([new ClosureRoot(program, "contents[0]")]);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("PS2002", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        var image = new ClosureImage(result);
        image.AssertHas(program);
        image.AssertHas("/lib/x86_64-linux-gnu/libc.so.6");
    }

    [ToolFact("gcc")]
    public void LibraryOfAnotherMachine_IsSkippedLikeLdSoSkipsIt()
    {
        using var temp = new TempDirectory();
        var real = NativeBuild.SharedLibrary(temp.Combine("good"), "foo");
        var foreign = NativeBuild.CopyWithMachine(real, temp.Combine("foreign", "libfoo.so"), 183);
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["foo"], "-L" + temp.Combine("good"), "-lfoo",
            $"-Wl,--enable-new-dtags,-rpath,{temp.Combine("foreign")}:{temp.Combine("good")}");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(program, "contents[0]")]);

        Assert.Contains(result.Items, i => i.HostPath == real);
        Assert.DoesNotContain(result.Items, i => i.HostPath == foreign);
    }

    [ToolFact("gcc")]
    public void AArch64Program_GetsAArch64LibrariesFromTheCacheAndTheRunPath()
    {
        using var temp = new TempDirectory();
        var x86Lib = NativeBuild.SharedLibrary(temp.Combine("lib"), "foo");
        var armLib = NativeBuild.CopyWithMachine(x86Lib, temp.Combine("arm", "libfoo.so"), 183);
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["foo"], "-L" + temp.Combine("lib"), "-lfoo",
            $"-Wl,--enable-new-dtags,-rpath,{temp.Combine("lib")}:{temp.Combine("arm")}");
        var armLoader = NativeBuild.CopyWithMachine(ClosureImage.ResolveOnHost(NativeBuild.HostInterpreter), temp.Combine("ld.so"), 183);
        var armProgram = NativeBuild.CopyWithMachine(program, temp.Combine("armbin", "prog"), 183, armLoader);
        var armLibc = NativeBuild.CopyWithMachine(ClosureImage.ResolveOnHost("/lib/x86_64-linux-gnu/libc.so.6"), temp.Combine("aarch64-root", "libc.so.6"), 183);
        var cache = temp.Combine("ld.so.cache");
        File.WriteAllBytes(cache, LdSoCacheWriter.Write([
            ("libc.so.6", LdSoCacheWriter.X8664, "/lib/x86_64-linux-gnu/libc.so.6"),
            ("libc.so.6", LdSoCacheWriter.AArch64, armLibc),
        ]));

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", LdSoCachePath = cache, LdSoConfPath = "/nonexistent" });
        var result = resolver.Resolve([new ClosureRoot(armProgram, "contents[0]"), new ClosureRoot(program, "contents[1]")]);

        var paths = result.Items.Select(i => i.HostPath).ToHashSet();
        Assert.Contains(armLib, paths);
        Assert.Contains(armLibc, paths);
        Assert.Contains(x86Lib, paths);
        Assert.Contains(ClosureImage.ResolveOnHost("/lib/x86_64-linux-gnu/libc.so.6"), paths);
        Assert.Contains($"needed by {armProgram}", result.Items.Single(i => i.HostPath == armLibc).Reason);
    }

    [ToolFact("gcc")]
    public void AArch64Program_WithoutAArch64Libc_ErrorSaysWhatWasSkipped()
    {
        using var temp = new TempDirectory();
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", []);
        var armLoader = NativeBuild.CopyWithMachine(ClosureImage.ResolveOnHost(NativeBuild.HostInterpreter), temp.Combine("ld.so"), 183);
        var armProgram = NativeBuild.CopyWithMachine(program, temp.Combine("armbin", "prog"), 183, armLoader);

        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(armProgram, "contents[0]")]));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains("library libc.so.6", diagnostic.Message);
        Assert.Contains("no ELF 64-bit LSB AArch64 entry for libc.so.6", diagnostic.Message);
        Assert.Contains("/usr/lib/aarch64-linux-gnu/libc.so.6 (system directory)", diagnostic.Message);
        Assert.Contains("ELF 64-bit LSB x86-64, skipped", diagnostic.Message);
    }

    [ToolFact("gcc")]
    public void NoDefaultLib_SkipsTheCacheAndSystemDirectories()
    {
        using var temp = new TempDirectory();
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", [], "-Wl,-z,nodefaultlib");

        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(program, "contents[0]")]));
        Assert.Contains("-z nodefaultlib", Assert.Single(error.Diagnostics).Message);

        using var withExtra = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", ExtraLibraryDirectories = ["/lib/x86_64-linux-gnu"] });
        var image = new ClosureImage(withExtra.Resolve([new ClosureRoot(program, "contents[0]")]));
        image.AssertHas("/lib/x86_64-linux-gnu/libc.so.6");
    }

    [ToolFact("gcc")]
    public void ExtraLibraryDirectories_FindDlopenStyleLibraries()
    {
        using var temp = new TempDirectory();
        var lib = NativeBuild.SharedLibrary(temp.Combine("plugins"), "plugin");
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["plugin"], "-L" + temp.Combine("plugins"), "-lplugin");

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", ExtraLibraryDirectories = [temp.Combine("plugins") + "/"] });
        var result = resolver.Resolve([new ClosureRoot(program, "contents[0]")]);
        Assert.Contains(result.Items, i => i.HostPath == lib);
    }

    [ToolFact("gcc")]
    public void LibrarySymlinkChain_IsKept()
    {
        using var temp = new TempDirectory();
        var libDir = temp.Combine("lib");
        var real = NativeBuild.SharedLibrary(libDir, "ver", null, "-Wl,-soname,libver.so.1");
        File.Move(real, Path.Combine(libDir, "libver.so.1.2.3"));
        File.CreateSymbolicLink(Path.Combine(libDir, "libver.so.1"), "libver.so.1.2.3");
        File.CreateSymbolicLink(Path.Combine(libDir, "libver.so"), "libver.so.1");
        var program = NativeBuild.Program(temp.Combine("bin"), "prog", ["ver"], "-L" + libDir, "-lver", "-Wl,-rpath," + libDir);

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(program, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal(ClosureItemKind.Symlink, result.Items.Single(i => i.HostPath == Path.Combine(libDir, "libver.so.1")).Kind);
        Assert.Equal(ClosureItemKind.File, result.Items.Single(i => i.HostPath == Path.Combine(libDir, "libver.so.1.2.3")).Kind);
        Assert.DoesNotContain(result.Items, i => i.HostPath == Path.Combine(libDir, "libver.so"));
    }
}
