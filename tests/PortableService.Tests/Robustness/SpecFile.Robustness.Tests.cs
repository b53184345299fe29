namespace PortableService.Tests.Robustness;

/// <summary>Bad spec files: each run of `build` fails with exit code 1, one exact message, and no output.</summary>
public sealed class SpecFileRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string SpecPath => _ws.Combine("spec.json");

    [Fact]
    public void TruncatedJson_NamesTheFileLineAndColumn()
    {
        _ws.Spec("{\n  \"pname\": \"foo\",\n");
        _ws.AssertFails(_ws.Build(), $"error PS1002: The spec file '{SpecPath}' is not valid JSON at line 3, column 1: Expected start of a property name or value, but instead reached end of data. Fix the syntax there.");
    }

    [Fact]
    public void TextAfterTheObject_IsASyntaxError()
    {
        _ws.Spec("""{ "pname": "foo", "version": "1", "units": ["foo.service"] } x""");
        _ws.AssertFails(_ws.Build(), $"error PS1002: The spec file '{SpecPath}' is not valid JSON at line 1, column 62: 'x' is invalid after a single JSON value. Expected end of data. Fix the syntax there.");
    }

    [Fact]
    public void MissingComma_IsASyntaxError()
    {
        _ws.Spec("{\n  \"pname\": \"foo\"\n  \"version\": \"1\"\n}");
        _ws.AssertFails(_ws.Build(), $"error PS1002: The spec file '{SpecPath}' is not valid JSON at line 3, column 3: '\"' is invalid after a value. Expected either ',', '}}', or ']'. Fix the syntax there.");
    }

    [Fact]
    public void InvalidUtf8_IsASyntaxError()
    {
        File.WriteAllBytes(SpecPath, [.. "{ \"pname\": \"f"u8, 0xFF, .. "\" }"u8]);
        _ws.AssertFails(_ws.Build(), $"error PS1002: The spec file '{SpecPath}' is not valid JSON at line 1, column 14: the byte 0xFF is not UTF-8; save the file as UTF-8. Fix the syntax there.");
    }

    [Fact]
    public void ArrayAtTheRoot_SaysAnObjectIsExpected()
    {
        _ws.Spec("""["foo.service"]""");
        _ws.AssertFails(_ws.Build(), "error PS1003: The spec ($) must be a JSON object with pname, version and units, found array.");
    }

    [Fact]
    public void NumberForPname_SaysHowToQuoteIt()
    {
        _ws.Spec("""{ "pname": 3, "version": "1", "units": ["foo.service"] }""");
        _ws.AssertFails(_ws.Build(), "error PS1006: $.pname: expected a string, found number; write it in quotes: \"3\".");
    }

    [Fact]
    public void StringForUnits_SaysAnArrayIsExpected()
    {
        _ws.Spec("""{ "pname": "foo", "version": "1", "units": "foo.service" }""");
        _ws.AssertFails(_ws.Build(), "error PS1006: $.units: expected an array of units (paths or objects with name and text), found string.");
    }

    [Fact]
    public void BooleanForBlockSize_SaysWhatIsExpected()
    {
        _ws.SpecWith("\"squash-block-size\": true");
        _ws.AssertFails(_ws.Build(), "error PS1006: $.squash-block-size: expected a string such as \"1M\" or a whole number of bytes, found boolean.");
    }

    [Fact]
    public void ObjectForSymlinks_SaysAnArrayIsExpected()
    {
        _ws.SpecWith("\"symlinks\": { \"object\": \"payload\", \"symlink\": \"/x\" }");
        _ws.AssertFails(_ws.Build(), "error PS1006: $.symlinks: expected an array of objects with object and symlink, found object.");
    }

    [Fact]
    public void MisspelledKey_SuggestsTheRightOne()
    {
        _ws.SpecWith("\"contnets\": []");
        _ws.AssertFails(_ws.Build(), "error PS1004: $.contnets: unknown key 'contnets', did you mean 'contents'?");
    }

    [Fact]
    public void UnknownKey_ListsTheAllowedKeys()
    {
        _ws.SpecWith("\"colour\": \"blue\"");
        var result = _ws.Build();
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error PS1004: $.colour: unknown key 'colour'; the keys allowed here are ", line);
        Assert.Contains("pname", line);
        _ws.AssertFails(result, line);
    }

    [Fact]
    public void DuplicateKey_SaysKeepOne()
    {
        _ws.Spec("""{ "pname": "foo", "pname": "foo", "version": "1", "units": ["foo.service"] }""");
        _ws.AssertFails(_ws.Build(), "error PS1005: $.pname: the key 'pname' appears more than once; keep one.");
    }

    [Fact]
    public void MissingSpecFile_SaysItDoesNotExist()
    {
        _ws.AssertFails(_ws.Build(), $"error PS1001: The spec file '{SpecPath}' could not be read: it does not exist.");
    }

    [Fact]
    public void DirectoryAsSpecFile_SaysGiveTheJsonFile()
    {
        Directory.CreateDirectory(SpecPath);
        _ws.AssertFails(_ws.Build(), $"error PS1001: The spec file '{SpecPath}' could not be read: it is a directory; give the spec's JSON file.");
    }

    [Fact]
    public void UnknownOption_IsAUsageError()
    {
        _ws.SpecWith();
        var result = _ws.Build("--frobnicate");
        Assert.Equal(["error: Unrecognized command or argument '--frobnicate'.", "Run 'portable-service --help' for usage."], result.ErrorLines);
        Assert.Equal(global::PortableService.Cli.ExitCodes.Usage, result.ExitCode);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void NeitherSpecNorOptions_SaysWhatToGive()
    {
        var result = BuildWorkspace.Run(["build", "-o", _ws.Output]);
        _ws.AssertFails(result, "error PS1009: Give a spec file, or at least --pname, --version and --unit.");
    }

    [Fact]
    public void EmptyFile_SaysItIsEmpty()
    {
        _ws.Spec(string.Empty);
        _ws.AssertFails(_ws.Build(), $"error PS1002: The spec file '{SpecPath}' is not valid JSON at line 1, column 1: it is empty; write the spec's object, such as {{\"pname\": \"hello\", \"version\": \"1.0\", \"units\": [\"hello.service\"]}}. Fix the syntax there.");
    }

    [Fact]
    public void MisspeltOptionTakenForTheSpecFile_IsAUsageError()
    {
        var result = BuildWorkspace.Run(["build", "--pname", "foo", "--version", "1", "--unit", _ws.Combine("foo.service"), "-o", _ws.Output, "--verity-x"]);

        Assert.Equal(["error: unknown option '--verity-x': check its spelling in 'portable-service --help'."], result.ErrorLines);
        Assert.Equal(global::PortableService.Cli.ExitCodes.Usage, result.ExitCode);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void EmptyProfile_IsPS1901()
    {
        _ws.SpecWith("\"profile\": \"\"");
        _ws.AssertFails(_ws.Build(), "error PS1901: $.profile '' is neither a profile this machine has nor a service.conf file: use default, nonetwork, strict, trusted, or a path to a profile's service.conf.");
    }

    [Fact]
    public void NulInARelativePath_IsPS1401()
    {
        _ws.SpecWith("\"contents\": [\"payload\\u0000x\"]");
        _ws.AssertFails(_ws.Build(), "error PS1401: $.contents[0]: 'payload\\x00x' does not exist; check the path.");
    }
}
