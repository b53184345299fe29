using System.Globalization;
using System.Text;

namespace PortableService.Tests.Cli;

/// <summary>
/// Random command lines and spec files for the CLI, hostile and careless: random keys, types and nesting, lone
/// surrogates, NULs, control characters, huge numbers and strings, empty values, and paths such as '', '/', '..', a
/// FIFO, a device, a directory, a missing file or one whose name is not UTF-8. Paths the CLI could write to (the
/// output, the cache, squash's image) stay inside the workspace, and nothing names a tree bigger than it.
/// </summary>
internal sealed class CliInputGenerator(Random random, CliFuzzWorkspace workspace)
{
    private static readonly string[] RootKeys =
    [
        "pname", "version", "units", "description", "homepage", "symlinks", "contents", "squashfsTools", "squashfs-tools",
        "squash-compression", "squash-block-size", "osRelease", "allowMissing", "profile", "verity", "privateKey",
        "certificate", "format", "architecture", "type", "base", "versioned", "$schema",
    ];

    private static readonly string[] ContentKeys = ["source", "target", "exclude", "allowDevices", "allowSetId"];
    private static readonly string[] Compressions = ["xz", "xz -Xdict-size 100%", "xz -Xdict-size 30%", "xz -Xbcj x86,arm", "gzip -Xcompression-level 0", "zstd -Xcompression-level 22", "lz4 -Xhc", "lzo -Xalgorithm lzo1x_999 -Xcompression-level 9", "lzma", "gzip -Xwindow-size 8 -Xstrategy default", "zstd", "brotli", "xz -Xdict-size"];
    private static readonly string[] Sizes = ["4K", "8K", "128K", "1M", "2M", "0", "-1", "4096", "3M", "1.5M", "99999999999999999999", "1e3", "K"];
    private static readonly string[] Words = ["default", "trusted", "strict", "nonetwork", "squashfs", "ddi", "directory", "portable", "extension", "confext", "x86-64", "arm64", "252", "257", "foo", "foo.service", "foo@.service", "foo.socket", "bar.service", "FOO", "_", "-", "--", "true", "null", "0"];

    /// <summary>One command line; a spec file it names is written first.</summary>
    public string[] Arguments() => random.Next(10) switch
    {
        < 5 => Build(),
        < 7 => Closure(),
        < 9 => Inspect(),
        _ => Squash(),
    };

    private string[] Build()
    {
        var args = new List<string> { "build" };
        if (random.Next(5) > 0)
        {
            args.Add(random.Next(8) == 0 ? AnyPath() : workspace.Spec(Spec()));
        }

        AddOptions(args, random.Next(7),
        [
            ("--pname", Text), ("--version", Text), ("--unit", Path), ("-u", Path), ("--description", Text), ("--homepage", Text),
            ("--content", ContentOption), ("-c", ContentOption), ("--exclude", Text), ("--symlink", SymlinkOption), ("--os-release", OsReleaseOption),
            ("--squashfs-tools", Path), ("--squash-compression", Compression), ("--squash-block-size", Size), ("--profile", Profile),
            ("--private-key", Path), ("--certificate", Path), ("--format", Word), ("--architecture", Word), ("--type", Word), ("--base", Path),
            ("--source-date-epoch", Number), ("-L", Path), ("--allow-missing", Text), ("--cache-size", Size), ("--cache", OwnPath),
        ],
        ["--verity", "--strict", "--json", "--quiet", "--versioned", "--allow-devices", "--allow-set-id", "--no-cache", "--allow-missing"]);
        args.AddRange(["-o", random.Next(10) == 0 ? OwnPath() : workspace.Output]);
        return [.. args];
    }

    private string[] Closure()
    {
        var args = new List<string> { "closure", random.Next(8) == 0 ? AnyPath() : workspace.Spec(Spec()) };
        AddOptions(args, random.Next(3), [("--allow-missing", Text), ("-L", Path)], ["--json", "--allow-missing"]);
        return [.. args];
    }

    private string[] Inspect()
    {
        var image = random.Next(3) == 0 ? workspace.Image : random.Next(3) == 0 ? workspace.VerityImage : AnyPath();
        var args = new List<string> { "inspect", image };
        AddOptions(args, random.Next(4), [("--profile", Profile), ("--systemd", Number), ("--certificate", Path), ("--base", Path)], ["--cat", "--json", "--all-profiles"]);
        return [.. args];
    }

    private string[] Squash()
    {
        var args = new List<string> { "squash", OwnPath(), OwnPath() };
        AddOptions(args, random.Next(4), [("--comp", Compression), ("-b", Size), ("--processors", Number), ("--cache", OwnPath)], ["--no-fragments", "--no-duplicates", "--exports", "--all-root", "--json", "--no-cache"]);
        return [.. args];
    }

    private void AddOptions(List<string> args, int count, (string Name, Func<string> Value)[] valued, string[] flags)
    {
        for (var i = 0; i < count; i++)
        {
            if (random.Next(4) == 0)
            {
                args.Add(Pick(flags));
                continue;
            }

            var (name, value) = Pick(valued);
            args.Add(name);
            args.Add(random.Next(6) == 0 ? Text() : value());
        }

        if (random.Next(20) == 0)
        {
            args.Add(Pick(["--frobnicate", "-", "--", "-x"]));
        }
    }

    /// <summary>A spec file's bytes: mostly a valid spec with a few keys set to random values, else any JSON or none.</summary>
    private byte[] Spec()
    {
        switch (random.Next(10))
        {
            case 0:
                var garbage = new byte[random.Next(64)];
                random.NextBytes(garbage);
                return garbage;
            case 1:
                var valid = Encoding.UTF8.GetBytes(ValidSpec(random.Next(3)));
                return valid[..random.Next(valid.Length)];
            case 2:
                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? new string('[', 5000) + new string(']', 5000) : Json(4));
            default:
                return Encoding.UTF8.GetBytes(ValidSpec(1 + random.Next(4)));
        }
    }

    private string ValidSpec(int mutations)
    {
        var fields = new Dictionary<string, string>
        {
            ["pname"] = "\"foo\"",
            ["version"] = "\"1\"",
            ["units"] = "[\"foo.service\"]",
        };
        for (var i = 0; i < mutations; i++)
        {
            var key = random.Next(8) == 0 ? RandomText(8) : Pick(RootKeys);
            fields[key] = ValueFor(key);
        }

        var members = fields.Select(f => $"{JsonString(f.Key)}: {f.Value}");
        return "{" + string.Join(", ", random.Next(15) == 0 ? members.Append(members.First()) : members) + "}";
    }

    private string ValueFor(string key) => random.Next(5) == 0 ? Json(2) : key switch
    {
        "units" => JsonArray(() => random.Next(2) == 0 ? JsonString(Path()) : JsonObject(["name", "text", "path"], k => k == "name" ? JsonString(Pick(Words)) : JsonString(k == "text" ? UnitText() : Path()))),
        "contents" => JsonArray(() => random.Next(3) == 0 ? JsonString(SpecPath()) : JsonObject(ContentKeys, k => k switch
        {
            "source" => JsonString(SpecPath()),
            "target" => JsonString(ImagePathText()),
            "exclude" => JsonArray(() => JsonString(Text())),
            _ => random.Next(4) == 0 ? Json(1) : random.Next(2) == 0 ? "true" : "false",
        })),
        "symlinks" => JsonArray(() => JsonObject(["object", "symlink"], k => JsonString(k == "object" ? SpecPath() : ImagePathText()))),
        "osRelease" => JsonObject(["PORTABLE_PREFIXES", "ID", "VERSION_ID", "lower", "X\u0000"], _ => JsonString(Text())),
        "squash-compression" => JsonString(Compression()),
        "squash-block-size" => random.Next(3) == 0 ? Number() : JsonString(Size()),
        "verity" or "versioned" => random.Next(2) == 0 ? "true" : "false",
        "allowMissing" => JsonArray(() => JsonString(Text())),
        "squashfsTools" or "squashfs-tools" or "privateKey" or "certificate" or "base" or "profile" => JsonString(SpecPath()),
        _ => JsonString(random.Next(2) == 0 ? Word() : Text()),
    };

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    private string Json(int depth) => random.Next(depth > 0 ? 8 : 5) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => Number(),
        3 or 4 => JsonString(Text()),
        5 or 6 => JsonArray(() => Json(depth - 1)),
        _ => JsonObject([.. RootKeys.Take(6), RandomText(4)], _ => Json(depth - 1)),
    };

    private string JsonArray(Func<string> item) =>
        "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => item())) + "]";

    private string JsonObject(string[] keys, Func<string, string> value) =>
        "{" + string.Join(", ", keys.Where(_ => random.Next(2) == 0).Select(k => $"{JsonString(k)}: {value(k)}")) + "}";

    /// <summary>A JSON string literal of <paramref name="text"/>; now and then with a lone surrogate or a NUL escaped into it.</summary>
    private string JsonString(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or (>= '\ud800' and <= '\udfff') => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        if (random.Next(25) == 0)
        {
            literal.Append(Pick(["\\ud800", "\\udfff", "\\u0000", "\\u001b[2J"]));
        }

        return literal.Append('"').ToString();
    }

    private string Text() => random.Next(12) switch
    {
        0 => string.Empty,
        1 => new string('x', random.Next(2) == 0 ? 300 : 100_000),
        2 => "a\0b",
        3 => "\ud800",
        4 => "line\nbreak",
        5 => "\u001b]0;owned\u0007\u202e",
        6 => Number(),
        7 => Path(),
        8 => "ünïcödé 😀",
        _ => Word(),
    };

    private string RandomText(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7f))]);

    private string Word() => Pick(Words);

    private string Number() => Pick(["0", "1", "-1", "1.5", "1e999", "-0", "4294967295", "4294967296", "18446744073709551616", "2147483647", "99999999999999999999999", "NaN", "0x10"]);

    private string Size() => Pick(Sizes);

    private string Compression() => random.Next(6) == 0 ? Text() : Pick(Compressions);

    private string Profile() => random.Next(3) == 0 ? Path() : Pick(["default", "trusted", "strict", "nonetwork", "none", ""]);

    private string UnitText() => Pick(["[Service]\nExecStart=/bin/true\n", "[Service]\nExecStart=/no/such\n", "", "\0", "[Service]\nExecStart=" + workspace.Root + "/payload/data.txt\n", "[Socket]\nListenStream=80\n", Text()]);

    /// <summary>A path for the command line: absolute (the CLI's working directory is not the workspace) or special.</summary>
    private string Path() => random.Next(8) == 0 ? Pick(["", "/", "-"]) : AnyPath();

    private string AnyPath() => Pick(workspace.ReadOnlyPaths);

    /// <summary>A path the CLI may write to: only inside the workspace.</summary>
    private string OwnPath() => Pick(workspace.OwnPaths);

    /// <summary>A path in a spec, relative to its folder (the workspace's a/b) or absolute.</summary>
    private string SpecPath() => random.Next(3) == 0 ? Pick(["", "/", "..", ".", "../..", "foo.service", "fifo", "missing"]) : AnyPath();

    private string ImagePathText() => Pick(["", "/", "/opt/x", "opt/y", "/../x", "/etc/systemd/system/foo.service", "/proc/x", "/usr/lib/z", "//a//b/", "/a\0b", "/x/" + new string('y', 300)]);

    private string ContentOption() => random.Next(2) == 0 ? AnyPath() : $"{AnyPath()}:{ImagePathText()}";

    private string SymlinkOption() => $"{ImagePathText()}={Path()}";

    private string OsReleaseOption() => $"{Pick(["ID", "PORTABLE_PREFIXES", "x", "", "A B"])}={Text()}";

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>The arguments as a shell would quote them, for the failure message.</summary>
    public static string Describe(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.Length > 200 ? $"'{a[..200]}...({a.Length.ToString(CultureInfo.InvariantCulture)} chars)'" : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
}
