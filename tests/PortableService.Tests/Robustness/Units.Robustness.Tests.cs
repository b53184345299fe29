namespace PortableService.Tests.Robustness;

/// <summary>Bad unit files: exact messages naming the unit's JSON path and file, and no output.</summary>
public sealed class UnitsRobustnessTests : IDisposable
{
    private const string PrefixRule = "a unit's name must be 'foo' followed by '-', '.', '@' or nothing, then the unit type (e.g. 'foo.service', 'foo-worker.service', 'foo@.service'). Rename the unit or change $.pname.";

    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private CliResult BuildUnits(params string[] units)
    {
        _ws.Spec($$"""{ "pname": "foo", "version": "1", "units": [{{string.Join(", ", units.Select(u => System.Text.Json.JsonSerializer.Serialize(u)))}}] }""");
        return _ws.Build();
    }

    [Fact]
    public void UnitWithoutThePrefix_ExplainsTheRule()
    {
        _ws.Write("bar.service", BuildWorkspace.UnitText);
        _ws.AssertFails(BuildUnits("bar.service"), $"error PS1204: $.units[0]: portabled would not attach 'bar.service': {PrefixRule}");
    }

    [Fact]
    public void FoobarServiceForFoo_IsNotAPrefixMatch()
    {
        // nixpkgs' plain prefix test would take it; portabled would not attach it.
        _ws.Write("foobar.service", BuildWorkspace.UnitText);
        _ws.AssertFails(BuildUnits("foobar.service"), $"error PS1204: $.units[0]: portabled would not attach 'foobar.service': {PrefixRule}");
    }

    [Fact]
    public void MountUnit_IsNotPortable()
    {
        _ws.Write("foo.mount", "[Mount]\nWhat=/dev/sda1\nWhere=/mnt\n");
        _ws.AssertFails(BuildUnits("foo.mount"), "error PS1203: $.units[0]: 'foo.mount' is a .mount unit; portabled attaches only .service, .socket, .target, .timer and .path units. Remove it, or ship it as content.");
    }

    [Fact]
    public void MissingUnitFile_NamesThePath()
    {
        _ws.AssertFails(BuildUnits("foo-worker.service"), $"error PS1205: $.units[0]: the unit file '{_ws.Combine("foo-worker.service")}' does not exist; check the path.");
    }

    [Fact]
    public void DirectoryAsUnit_SaysGiveTheFile()
    {
        Directory.CreateDirectory(_ws.Combine("foo-dir.service"));
        _ws.AssertFails(BuildUnits("foo-dir.service"), $"error PS1206: $.units[0]: '{_ws.Combine("foo-dir.service")}' is a directory, not a unit file; give the path of the unit file itself.");
    }

    [Fact]
    public void EmptyUnitFile_SaysWriteTheSections()
    {
        _ws.Write("foo-empty.service", string.Empty);
        _ws.AssertFails(BuildUnits("foo-empty.service"), $"error PS1208: $.units[0]: the unit file '{_ws.Combine("foo-empty.service")}' is empty; write the unit's [Unit] and [Service] sections in it.");
    }

    [Fact]
    public void DanglingSymlinkAsUnit_NamesTheTarget()
    {
        _ws.Symlink("foo-link.service", "/nonexistent/foo.service");
        _ws.AssertFails(BuildUnits("foo-link.service"), $"error PS1207: $.units[0]: '{_ws.Combine("foo-link.service")}' is a symlink to '/nonexistent/foo.service', which does not exist; fix the link or give the unit file itself.");
    }

    [Fact]
    public void SymlinkCycleAsUnit_SaysItIsACycle()
    {
        _ws.Symlink("foo-a.service", "foo-b.service");
        _ws.Symlink("foo-b.service", "foo-a.service");
        _ws.AssertFails(BuildUnits("foo-a.service"), $"error PS1207: $.units[0]: '{_ws.Combine("foo-a.service")}' is a symlink to 'foo-b.service', which leads back round in a cycle of symlinks and never reaches a file; point one of them at the unit file itself.");
    }

    [Fact]
    public void SameUnitTwice_NamesTheFirstUse()
    {
        _ws.Write("other/foo.service", BuildWorkspace.UnitText);
        _ws.AssertFails(BuildUnits("foo.service", "other/foo.service"), "error PS1209: $.units[1]: the unit name 'foo.service' is already used by $.units[0]; each unit needs its own name.");
    }

    [Fact]
    public void NoUnits_BuildsABaseImage_WithAWarningThatSaysWhatToName()
    {
        _ws.Spec("""{ "pname": "foo", "version": "1", "units": [] }""");
        var result = BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output]);
        Assert.Equal(PortableService.Cli.ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning PS1201: $.units is empty: the image is a base image (a runtime that extensions are attached to), not a service of its own, and portabled attaches nothing from it alone. For a service, add a unit file named after $.pname, e.g. 'foo.service'.", result.ErrorLines);
        Assert.True(File.Exists(Path.Join(_ws.Output, "foo_1.raw")));
    }

    [Fact]
    public void InlineUnitWithEmptyText_SaysGiveTheContent()
    {
        _ws.Spec("""{ "pname": "foo", "version": "1", "units": [{ "name": "foo.service", "text": "" }] }""");
        _ws.AssertFails(_ws.Build(), "error PS1210: $.units[0].text: the text of unit 'foo.service' is empty; give the unit's content.");
    }

    [Fact]
    public void UnitNameOver255Bytes_IsInvalid()
    {
        var name = "foo-" + new string('x', 260) + ".service";
        _ws.Spec($$"""{ "pname": "foo", "version": "1", "units": [{ "name": "{{name}}", "text": "[Service]\n" }] }""");
        _ws.AssertFails(_ws.Build(), $"error PS1202: $.units[0].name: '{name}' is not a valid unit name: it is longer than 255 bytes.");
    }

    [Fact]
    public void UnitOnTheCommandLine_IsCheckedToo()
    {
        var unit = _ws.Combine("foo-missing.service");
        var result = BuildWorkspace.Run(["build", "--pname", "foo", "--version", "1", "--unit", unit, "-o", _ws.Output]);
        _ws.AssertFails(result, $"error PS1205: --unit '{unit}': the unit file '{unit}' does not exist; check the path.");
    }

    [Fact]
    public void PnameOnTheCommandLine_IsNamedAsTheOption()
    {
        _ws.Write("foo_x.service", BuildWorkspace.UnitText);
        var result = BuildWorkspace.Run(["build", "--pname", "foo_x", "--version", "1", "--unit", _ws.Combine("foo_x.service"), "-o", _ws.Output]);
        _ws.AssertFails(result, "error PS1103: --pname 'foo_x' holds '_': portabled cuts the image name 'foo_x_<version>.raw' at the first '_', so the units would be matched against 'foo'. Use '-' instead.");
    }

    [Fact]
    public void UnitNotMatchingTheCommandLinePname_NamesBothOptions()
    {
        var unit = _ws.Combine("foo.service");
        var result = BuildWorkspace.Run(["build", "--pname", "bar", "--version", "1", "--unit", unit, "-o", _ws.Output]);
        _ws.AssertFails(result, $"error PS1204: --unit '{unit}': portabled would not attach 'foo.service': a unit's name must be 'bar' followed by '-', '.', '@' or nothing, then the unit type (e.g. 'bar.service', 'bar-worker.service', 'bar@.service'). Rename the unit or change --pname.");
    }
}
