using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Spec;

public sealed class SpecReaderReadTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SpecReadResult ReadFile(string json) => SpecReader.ReadFile(_directory.Write("project/spec.json", json));

    private string InProject(string relative) => Path.Combine(_directory.Path, "project", relative);

    [Fact]
    public void FullSpec_IsReadWithPathsRelativeToTheSpecFile()
    {
        SpecReadResult result = ReadFile("""
            {
              "$schema": "https://example.org/portable-service.schema.json",
              // Comments and trailing commas are allowed.
              "pname": "hello",
              "version": "2.12.1",
              "units": [
                "units/hello.service",
                { "path": "/nix/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello-worker.service" },
                { "name": "hello.socket", "text": "[Socket]\nListenStream=80\n" },
              ],
              "description": "Hello, \"world\"",
              "homepage": "https://www.gnu.org/software/hello/",
              "symlinks": [ { "object": "../cacert/etc/ssl", "symlink": "/etc/ssl" } ],
              "contents": [ "/nix/store/q8w6vkdmd8s5bj0ijq9gmh5ba6hxpxms-hello-2.12.1", { "source": "data", "target": "/var/lib/hello-seed" } ],
              "squashfs-tools": "tools",
              "squash-compression": "zstd -Xcompression-level 19",
              "squash-block-size": 131072,
              "osRelease": { "VERSION_ID": "2.12", "VARIANT_ID": "portable" }
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.False(result.IsFatal);
        var expected = new PortableServiceSpec(
            "hello",
            "2.12.1",
            [
                UnitSource.FromFile(InProject("units/hello.service")),
                UnitSource.FromFile("/nix/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello-worker.service"),
                UnitSource.Inline("hello.socket", "[Socket]\nListenStream=80\n"),
            ])
        {
            Description = "Hello, \"world\"",
            Homepage = "https://www.gnu.org/software/hello/",
            Symlinks = [new SymlinkSpec(Path.Combine(_directory.Path, "cacert/etc/ssl"), "/etc/ssl")],
            Contents = [new ContentSpec("/nix/store/q8w6vkdmd8s5bj0ijq9gmh5ba6hxpxms-hello-2.12.1"), new ContentSpec(InProject("data"), "/var/lib/hello-seed")],
            SquashfsTools = InProject("tools"),
            SquashCompression = "zstd -Xcompression-level 19",
            SquashBlockSize = "131072",
            OsRelease = new Dictionary<string, string> { ["VERSION_ID"] = "2.12", ["VARIANT_ID"] = "portable" },
        };
        Assert.Equal(expected, result.Spec);
        Assert.Equal(["hello.service", "hello-worker.service", "hello.socket"], result.Spec.Units.Select(u => u.Name));
        Assert.Equal(["VERSION_ID", "VARIANT_ID"], result.Spec.OsRelease.Keys);
    }

    [Fact]
    public void MinimalSpec_TakesNixpkgsDefaults()
    {
        SpecReadResult result = ReadFile("""{ "pname": "hello", "version": "1", "units": ["hello.service"], "description": null, "squashfsTools": null }""");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("xz -Xdict-size 100%", result.Spec.SquashCompression);
        Assert.Equal("1M", result.Spec.SquashBlockSize);
        Assert.Null(result.Spec.Description);
        Assert.Null(result.Spec.SquashfsTools);
        Assert.Empty(result.Spec.Symlinks);
        Assert.Empty(result.Spec.Contents);
        Assert.Empty(result.Spec.OsRelease);
    }

    [Fact]
    public void MalformedJson_NamesLineAndColumn()
    {
        SpecReadResult result = ReadFile("{\n  \"pname\": \"hello\",\n  \"version\" \"1\"\n}\n");

        Assert.True(result.IsFatal);
        var diagnostic = DiagnosticAssert.Single(result.Diagnostics, "PS1002", Path.Combine(_directory.Path, "project/spec.json") + ":3:13", "line 3, column 13", "not valid JSON");
        Assert.DoesNotContain("BytePositionInLine", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJson_CountsColumnsInCharacters()
    {
        SpecReadResult result = SpecReader.Read("{ \"description\": \"héllo wörld\" \"x\" }", _directory.Path);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains("line 1, column 32", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsMalformed()
    {
        DiagnosticAssert.Single(ReadFile("").Diagnostics, "PS1002", Path.Combine(_directory.Path, "project/spec.json") + ":1:1", "line 1, column 1");
    }

    [Fact]
    public void MissingFile_IsPS1001()
    {
        string path = _directory.Combine("nope.json");
        var result = SpecReader.ReadFile(path);
        Assert.True(result.IsFatal);
        DiagnosticAssert.Single(result.Diagnostics, "PS1001", path, "does not exist");
    }

    [Fact]
    public void Directory_IsPS1001()
    {
        var result = SpecReader.ReadFile(_directory.Path);
        DiagnosticAssert.Single(result.Diagnostics, "PS1001", _directory.Path, "is a directory");
    }

    [Fact]
    public void RootThatIsNotAnObject_IsPS1003()
    {
        DiagnosticAssert.Single(ReadFile("[1, 2]").Diagnostics, "PS1003", "$", "JSON object", "found array");
    }

    [Fact]
    public void UnknownKeys_AreReportedWithSuggestions()
    {
        var result = ReadFile("""{ "pname": "x", "versoin": "1", "squashfs_tools": "/t", "colour": "blue", "units": [{ "nmae": "x.service", "text": "t" }] }""");

        DiagnosticAssert.Contains(result.Diagnostics, "PS1004", "$.versoin", "unknown key 'versoin'", "did you mean 'version'?");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1004", "$.squashfs_tools", "did you mean 'squashfs-tools'?");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1004", "$.colour", "unknown key 'colour'", "'pname'", "'osRelease'");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1004", "$.units[0].nmae", "did you mean 'name'?");
    }

    [Fact]
    public void DuplicateKey_IsPS1005()
    {
        var result = ReadFile("""{ "pname": "a", "version": "1", "units": [], "pname": "b" }""");
        DiagnosticAssert.Single(result.Diagnostics, "PS1005", "$.pname", "more than once");
        Assert.Equal("a", result.Spec.Pname);
    }

    [Fact]
    public void WrongTypes_NameTheExpectedType()
    {
        var result = ReadFile("""
            { "pname": 5, "version": 1.0, "units": ["a.service", 3, null], "description": [], "symlinks": {}, "contents": [true],
              "osRelease": { "ID": 1 }, "squash-block-size": false, "homepage": null }
            """);

        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.pname", "expected a string, found number");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.version", "expected a string, found number", "write it in quotes: \"1.0\"");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.units[1]", "expected a string or an object with name and text, found number");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.units[2]", "found null");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.description", "expected a string or null, found array");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.symlinks", "expected an array", "found object");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.contents[0]", "a string or an object with source and target, found boolean");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.osRelease.ID", "expected a string, found number");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1006", "$.squash-block-size", "found boolean");
        Assert.Equal(9, result.Diagnostics.Count);
        Assert.Equal(3, result.Spec.Units.Count); // Unreadable items keep their place.
    }

    [Fact]
    public void IncompleteItems_ArePS1007()
    {
        var result = ReadFile("""
            { "pname": "a", "version": "1",
              "units": [{ "name": "a.service" }, { "text": "x" }, {}],
              "symlinks": [{ "symlink": "/etc/ssl" }, { "object": "/x" }],
              "contents": [{ "target": "/opt" }] }
            """);

        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.units[0]", "'text' is missing");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.units[1]", "'name' is missing");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.units[2]", "it has neither");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.symlinks[0]", "'object' is required");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.symlinks[1]", "'symlink' is required");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1007", "$.contents[0]", "'source' is required");
        Assert.Equal(6, result.Diagnostics.Count);
    }

    [Fact]
    public void ConflictingKeys_ArePS1008()
    {
        var result = ReadFile("""
            { "pname": "a", "version": "1", "units": [{ "path": "a.service", "text": "x" }],
              "squashfsTools": "/a", "squashfs-tools": "/b" }
            """);

        DiagnosticAssert.Contains(result.Diagnostics, "PS1008", "$.units[0]", "either \"path\" or \"name\" and \"text\"");
        DiagnosticAssert.Contains(result.Diagnostics, "PS1008", "$.squashfs-tools", "both 'squashfsTools' and 'squashfs-tools'", "keep one");
        Assert.Equal(2, result.Diagnostics.Count);
    }

    [Fact]
    public void OddKeysInOsRelease_AreQuotedInTheirPath()
    {
        var result = ReadFile("""{ "osRelease": { "my key": "x", "it's": "y" } }""");
        Assert.Empty(result.Diagnostics);
        var diagnostics = SpecValidator.Validate(result);
        DiagnosticAssert.Contains(diagnostics, "PS1601", "$.osRelease['my key']");
        DiagnosticAssert.Contains(diagnostics, "PS1601", "$.osRelease['it\\'s']");
    }

    [Fact]
    public void Utf8ByteOrderMark_IsSkipped()
    {
        string path = _directory.Combine("bom.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("""{ "pname": "hello" }""")]);
        var result = SpecReader.ReadFile(path);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("hello", result.Spec.Pname);
    }

    [Fact]
    public async Task ReadFileAsync_ReadsTheSame()
    {
        string path = _directory.Write("a/spec.json", """{ "pname": "hello", "version": "1", "units": ["u/hello.service"] }""");
        SpecReadResult result = await SpecReader.ReadFileAsync(path);
        Assert.Equal(SpecReader.ReadFile(path).Spec, result.Spec);
        Assert.Equal(Path.Combine(_directory.Path, "a/u/hello.service"), Assert.IsType<FileUnitSource>(result.Spec.Units[0]).Path);
    }

    [Fact]
    public void ReadFileOrThrow_ThrowsReadingErrors()
    {
        string path = _directory.Write("bad.json", """{ "pname": 1 }""");
        var exception = Assert.Throws<PortableService.Diagnostics.DiagnosticException>(() => SpecReader.ReadFileOrThrow(path));
        Assert.Equal("PS1006", Assert.Single(exception.Diagnostics).Code);
    }
}
