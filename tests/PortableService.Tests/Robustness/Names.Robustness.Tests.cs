namespace PortableService.Tests.Robustness;

/// <summary>Bad pname and version values: exact messages naming the field and the fix, and no output.</summary>
public sealed class NamesRobustnessTests : IDisposable
{
    private const string Refused = "portabled takes the unit prefix from the image name and accepts only ASCII letters, digits, '.' and '-' there.";

    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private CliResult BuildWithPname(string pname, string unit = "foo.service") =>
        BuildWith(pname, "1", unit);

    private CliResult BuildWith(string pname, string version, string unit = "foo.service")
    {
        _ws.Spec($$"""{ "pname": {{System.Text.Json.JsonSerializer.Serialize(pname)}}, "version": {{System.Text.Json.JsonSerializer.Serialize(version)}}, "units": [{ "name": {{System.Text.Json.JsonSerializer.Serialize(unit)}}, "text": "[Service]\nExecStart=/bin/true\n" }] }""");
        return _ws.Build();
    }

    [Fact]
    public void EmptyPname_SaysSetIt()
    {
        _ws.AssertFails(BuildWithPname(""), "error PS1101: $.pname is missing or empty: set it to the service's name, e.g. \"hello\".");
    }

    [Fact]
    public void MissingPname_SaysSetIt()
    {
        _ws.Spec("""{ "version": "1", "units": ["foo.service"] }""");
        var result = _ws.Build();
        Assert.Contains("error PS1101: $.pname is missing or empty: set it to the service's name, e.g. \"hello\".", result.ErrorLines);
        Assert.Equal(1, result.ExitCode);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void PnameWithUnderscore_ExplainsPortabledCutsThere()
    {
        _ws.AssertFails(BuildWithPname("foo_bar", "foo_bar.service"),
            "error PS1103: $.pname 'foo_bar' holds '_': portabled cuts the image name 'foo_bar_<version>.raw' at the first '_', so the units would be matched against 'foo'. Use '-' instead.");
    }

    [Fact]
    public void PnameWithSlash_NamesTheCharacterAndSuggestsAName()
    {
        _ws.AssertFails(BuildWithPname("foo/bar", "foo.service"), $"error PS1102: $.pname 'foo/bar' holds '/': {Refused} Rename it, e.g. 'foo-bar'.");
    }

    [Fact]
    public void PnameWithSpace_NamesTheSpace()
    {
        _ws.AssertFails(BuildWithPname("foo bar", "foo.service"), $"error PS1102: $.pname 'foo bar' holds a space: {Refused} Rename it, e.g. 'foo-bar'.");
    }

    [Fact]
    public void PnameWithUnicode_NamesTheCodePoint()
    {
        _ws.AssertFails(BuildWithPname("föo", "foo.service"), $"error PS1102: $.pname 'föo' holds 'ö' (U+00F6): {Refused} Rename it, e.g. 'f-o'.");
    }

    [Fact]
    public void PnameWithEmoji_ShowsTheWholeCharacter()
    {
        _ws.AssertFails(BuildWithPname("foo🚀", "foo.service"), $"error PS1102: $.pname 'foo🚀' holds '🚀' (U+1F680): {Refused} Rename it, e.g. 'foo'.");
    }

    [Fact]
    public void PnameDotDot_IsRefused()
    {
        _ws.AssertFails(BuildWithPname("..", "foo.service"),
            "error PS1104: $.pname must not be '..': it is not a valid name; choose the service's name.");
    }

    [Fact]
    public void VersionWithSlash_SaysRemoveIt()
    {
        _ws.AssertFails(BuildWith("foo", "1/2"), "error PS1106: $.version '1/2' holds '/', which cannot be part of the image file name '<pname>_<version>.raw'; remove it.");
    }

    [Fact]
    public void EmptyVersion_SaysSetIt()
    {
        _ws.AssertFails(BuildWith("foo", ""), "error PS1105: $.version is missing or empty: set it, e.g. \"1.0\".");
    }

    [Fact]
    public void ImageNameOver255Bytes_SaysShortenTheVersion()
    {
        var version = new string('9', 260);
        _ws.AssertFails(BuildWith("foo", version), $"error PS1108: The image file name 'foo_{version}.raw' is 268 bytes long, more than the 255 a file name can have; shorten $.pname or $.version.");
    }
}
