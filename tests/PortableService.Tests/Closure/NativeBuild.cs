namespace PortableService.Tests.Closure;

/// <summary>Compiles tiny C programs and libraries with gcc for loader tests.</summary>
internal static class NativeBuild
{
    public static string Gcc => ExternalTool.Require("gcc", "apt-get install gcc");

    /// <summary>Builds <c>lib{name}.so</c> in <paramref name="directory"/>, exporting <c>int {name}(void)</c>, calling the given functions.</summary>
    public static string SharedLibrary(string directory, string name, string[]? calls = null, params string[] linkArguments)
    {
        Directory.CreateDirectory(directory);
        var source = Path.Combine(directory, name + ".c");
        var declarations = string.Concat((calls ?? []).Select(c => $"int {c}(void);\n"));
        var body = string.Concat((calls ?? []).Select(c => $" + {c}()"));
        File.WriteAllText(source, $"{declarations}int {name}(void) {{ return 1{body}; }}\n");
        var output = Path.Combine(directory, $"lib{name}.so");
        ExternalTool.RunChecked(Gcc, ["-shared", "-fPIC", "-o", output, source, .. linkArguments]);
        File.Delete(source);
        return output;
    }

    /// <summary>Builds a program in <paramref name="directory"/> calling the given library functions.</summary>
    public static string Program(string directory, string name, string[] calls, params string[] linkArguments)
    {
        Directory.CreateDirectory(directory);
        var source = Path.Combine(directory, name + ".c");
        var declarations = string.Concat(calls.Select(c => $"int {c}(void);\n"));
        var body = string.Concat(calls.Select(c => $" + {c}()"));
        File.WriteAllText(source, $"{declarations}int main(void) {{ return 0{body}; }}\n");
        var output = Path.Combine(directory, name);
        ExternalTool.RunChecked(Gcc, ["-o", output, source, .. linkArguments]);
        File.Delete(source);
        return output;
    }

    /// <summary>Copies an ELF file, changing its e_machine (offset 18, little-endian).</summary>
    public static string CopyWithMachine(string source, string destination, ushort machine, string? interpreter = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var bytes = File.ReadAllBytes(source);
        bytes[18] = (byte)machine;
        bytes[19] = (byte)(machine >> 8);
        File.WriteAllBytes(destination, interpreter is null ? bytes : WithInterpreter(bytes, interpreter));
        File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
        return destination;
    }

    /// <summary>The host's loader path, the PT_INTERP of programs built here.</summary>
    public const string HostInterpreter = "/lib64/ld-linux-x86-64.so.2";

    /// <summary>
    /// A program's bytes with its PT_INTERP (<see cref="HostInterpreter"/>) replaced in place by
    /// <paramref name="interpreter"/>, which must be no longer (the rest is padded with NUL bytes).
    /// </summary>
    public static byte[] WithInterpreter(byte[] program, string interpreter)
    {
        Assert.True(interpreter.Length <= HostInterpreter.Length, $"{interpreter} is longer than {HostInterpreter}");
        var at = program.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(HostInterpreter + "\0"));
        Assert.True(at > 0, $"the program does not name {HostInterpreter}");
        var patched = (byte[])program.Clone();
        Array.Clear(patched, at, HostInterpreter.Length);
        System.Text.Encoding.ASCII.GetBytes(interpreter).CopyTo(patched, at);
        return patched;
    }
}
