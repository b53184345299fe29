using PortableService.Closure;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>Host programs and scripts: the closure holds what ldd lists, the loader at its standard path, and interpreters.</summary>
public sealed class ClosureResolverResolveHostProgramsTests
{
    private static readonly ClosureOptions s_options = new() { StoreDirectory = "/nonexistent-store" };

    [ToolFact("ldd")]
    public void Ls_ContainsEveryLibraryLddListsAndTheLoader()
    {
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot("/bin/ls", "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        var image = new ClosureImage(result);
        image.AssertHas("/bin/ls");
        foreach (var path in ClosureAssertions.LddPaths("/bin/ls"))
        {
            image.AssertHas(path, "ldd /bin/ls lists it");
        }

        image.AssertHas("/lib64/ld-linux-x86-64.so.2");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Ls_LoaderIsASymlinkChainEndingInAFile()
    {
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot("/usr/bin/ls", "contents[0]")]);
        var image = new ClosureImage(result);

        // Walk the chain /lib64/ld-linux-x86-64.so.2 the way the kernel will in the image.
        var path = "/lib64/ld-linux-x86-64.so.2";
        var hops = 0;
        var sawSymlink = false;
        while (true)
        {
            var prefix = PrefixItem(image, path);
            Assert.True(prefix is not null, $"nothing in the closure holds {path}");
            if (prefix!.Kind == ClosureItemKind.File)
            {
                Assert.Equal(path, prefix.HostPath);
                Assert.Contains("ELF interpreter of /usr/bin/ls", prefix.Reason);
                break;
            }

            Assert.Equal(ClosureItemKind.Symlink, prefix.Kind);
            sawSymlink = true;
            var target = new FileInfo(prefix.HostPath).LinkTarget!;
            var rest = path[prefix.HostPath.Length..];
            path = Path.GetFullPath(target, Path.GetDirectoryName(prefix.HostPath)!) + rest;
            Assert.True(++hops < 10);
        }

        // On a merged-/usr host (/lib64 -> usr/lib64) the symlink itself is kept.
        if (new FileInfo("/lib64").LinkTarget is { } lib64Target)
        {
            Assert.Equal(ClosureItemKind.Symlink, image["/lib64"]!.Kind);
            Assert.Equal(lib64Target.Length, image["/lib64"]!.Size);
            Assert.Contains("symlink on the way to /lib64/ld-linux-x86-64.so.2", image["/lib64"]!.Reason);
        }

        Assert.True(sawSymlink || new FileInfo("/lib64/ld-linux-x86-64.so.2").LinkTarget is null);
    }

    [ToolFact("ldd")]
    public void Env_ContainsEveryLibraryLddLists()
    {
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot("/usr/bin/env", "symlinks[0].object")]);

        ClosureAssertions.AssertWellFormed(result);
        var image = new ClosureImage(result);
        image.AssertHas("/usr/bin/env");
        foreach (var path in ClosureAssertions.LddPaths("/usr/bin/env"))
        {
            image.AssertHas(path);
        }

        Assert.Equal("symlinks[0].object", image["/usr/bin/env"]!.Reason);
    }

    [ToolFact("ldd")]
    public void Dotnet_HostAndItsLibraries()
    {
        if (!File.Exists("/usr/bin/dotnet") && !TestEnvironment.IsCi)
        {
            return; // optional: only where the dotnet host is installed at /usr/bin/dotnet
        }

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot("/usr/bin/dotnet", "contents[0]")]);
        var image = new ClosureImage(result);
        image.AssertHas("/usr/bin/dotnet");
        foreach (var path in ClosureAssertions.LddPaths("/usr/bin/dotnet"))
        {
            image.AssertHas(path);
        }
    }

    [Fact]
    public void ShellScript_BringsTheShellAndItsLibraries()
    {
        using var temp = new TempDirectory();
        var script = temp.Write("run.sh", "#!/bin/sh\necho hi\n", TempDirectory.Executable);
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(script, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        var image = new ClosureImage(result);
        image.AssertHas(script);
        image.AssertHas("/bin/sh");
        image.AssertHas("/lib64/ld-linux-x86-64.so.2");
        var shell = ClosureImage.ResolveOnHost("/bin/sh");
        Assert.Contains($"#! interpreter of {script}", image[shell]!.Reason);
        foreach (var path in ClosureAssertions.LddPaths(shell))
        {
            image.AssertHas(path);
        }
    }

    [ToolFact("ldd", "python3")]
    public void EnvPythonScript_BringsEnvAndPythonFoundOnTheStandardPath()
    {
        using var temp = new TempDirectory();
        var script = temp.Write("app.py", "#!/usr/bin/env python3\nprint('hi')\n", TempDirectory.Executable);
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(script, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        var image = new ClosureImage(result);
        image.AssertHas("/usr/bin/env");
        image.AssertHas("/usr/bin/python3");
        var python = ClosureImage.ResolveOnHost("/usr/bin/python3");
        Assert.Contains("python3, run by '#!/usr/bin/env python3'", image[python]!.Reason);
        foreach (var path in ClosureAssertions.LddPaths(python))
        {
            image.AssertHas(path, "ldd python3 lists it");
        }

        // /usr/bin/python3 -> python3.11: the symlink and the file.
        if (new FileInfo("/usr/bin/python3").LinkTarget is not null)
        {
            Assert.Equal(ClosureItemKind.Symlink, image["/usr/bin/python3"]!.Kind);
            Assert.StartsWith("python3, run by", image["/usr/bin/python3"]!.Reason);
        }
    }

    [Fact]
    public void PythonScriptWithAbsoluteInterpreter_NamedDirectlyEvenWhenNotExecutable()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.False(TestEnvironment.IsCi, "/usr/bin/python3 is missing: apt-get install python3");
            return;
        }

        using var temp = new TempDirectory();
        var script = temp.Write("app.py", "#!/usr/bin/python3 -u\nprint('hi')\n");
        using var resolver = new ClosureResolver(s_options);
        var image = new ClosureImage(resolver.Resolve([new ClosureRoot(script, "contents[0]")]));
        image.AssertHas("/usr/bin/python3");
    }

    [Fact]
    public void EnvWithSplitStringAndAssignments_FindsTheCommand()
    {
        using var temp = new TempDirectory();
        var script = temp.Write("run", "#!/usr/bin/env -S LANG=C sh -e\necho hi\n", TempDirectory.Executable);
        using var resolver = new ClosureResolver(s_options);
        var image = new ClosureImage(resolver.Resolve([new ClosureRoot(script, "contents[0]")]));
        image.AssertHas("/usr/bin/env");
        image.AssertHas("/usr/bin/sh");
    }

    [Fact]
    public void RelativeRoot_IsTakenFromTheCurrentDirectory()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, "/usr/bin/env");
        using var resolver = new ClosureResolver(s_options);
        var image = new ClosureImage(resolver.Resolve([new ClosureRoot(relative, "contents[0]")]));
        image.AssertHas("/usr/bin/env");
    }

    [Fact]
    public void SameLibraryNeededTwice_IsOneItemWithTheFirstReason()
    {
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot("/usr/bin/ls", "contents[0]"), new ClosureRoot("/usr/bin/env", "contents[1]")]);
        ClosureAssertions.AssertWellFormed(result);
        var libc = ClosureImage.ResolveOnHost("/lib/x86_64-linux-gnu/libc.so.6");
        var item = Assert.Single(result.Items, i => i.HostPath == libc);
        Assert.Contains("needed by /usr/bin/ls", item.Reason);
    }

    private static ClosureItem? PrefixItem(ClosureImage image, string path)
    {
        for (var current = path; current.Length > 1; current = Path.GetDirectoryName(current)!)
        {
            if (image[current] is { } item)
            {
                return item;
            }
        }

        return null;
    }
}
