namespace PortableService.Tests.Robustness;

/// <summary>Bad symlinks entries: exact messages naming the JSON path, the clash and the fix, and no output.</summary>
public sealed class SymlinksRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private CliResult BuildSymlinks(params (string Object, string Symlink)[] symlinks)
    {
        var items = symlinks.Select(s => $$"""{ "object": {{System.Text.Json.JsonSerializer.Serialize(s.Object)}}, "symlink": {{System.Text.Json.JsonSerializer.Serialize(s.Symlink)}} }""");
        _ws.SpecWith($"\"symlinks\": [{string.Join(", ", items)}]");
        return _ws.Build();
    }

    [Fact]
    public void DotDotAboveTheRoot_IsRefused()
    {
        _ws.AssertFails(BuildSymlinks(("payload", "/../etc/x")), "error PS1302: $.symlinks[0].symlink: '/../etc/x' climbs above the image root with '..'; give a path inside the image.");
    }

    [Fact]
    public void DotDotInTheMiddle_ThatStaysInside_IsNormalizedButEscapingIsNot()
    {
        _ws.AssertFails(BuildSymlinks(("payload", "usr/../../x")), "error PS1302: $.symlinks[0].symlink: 'usr/../../x' climbs above the image root with '..'; give a path inside the image.");
    }

    [Fact]
    public void OntoOsRelease_SaysUseOsRelease()
    {
        _ws.AssertFails(BuildSymlinks(("payload/data.txt", "/etc/os-release")), "error PS1303: $.symlinks[0].symlink: '/etc/os-release' clashes with '/etc/os-release', which the builder writes itself (set os-release fields with osRelease); choose another path.");
    }

    [Fact]
    public void OntoAScaffoldDirectory_IsRefused()
    {
        _ws.AssertFails(BuildSymlinks(("payload", "/proc")), "error PS1303: $.symlinks[0].symlink: '/proc' clashes with the directory '/proc' that every portable image has; choose another path.");
    }

    [Fact]
    public void OntoAUnit_NamesTheUnit()
    {
        _ws.AssertFails(BuildSymlinks(("payload/data.txt", "/etc/systemd/system/foo.service")), "error PS1304: $.symlinks[0].symlink: '/etc/systemd/system/foo.service' clashes with the unit 'foo.service' at /etc/systemd/system/foo.service; choose another path.");
    }

    [Fact]
    public void TwoSymlinksAtOnePath_NamesTheFirst()
    {
        _ws.AssertFails(BuildSymlinks(("payload/data.txt", "/bin/tool"), ("payload", "/bin/tool")), "error PS1305: $.symlinks[1].symlink: '/bin/tool' clashes with the symlink '/bin/tool' of $.symlinks[0]; choose another path.");
    }

    [Fact]
    public void DanglingObject_NamesItsTarget()
    {
        _ws.Symlink("dangling", "/nonexistent/thing");
        _ws.AssertFails(BuildSymlinks(("dangling", "/bin/thing")), $"error PS1308: $.symlinks[0].object: '{_ws.Combine("dangling")}' is a symlink to '/nonexistent/thing', which does not exist; point the object at an existing path.");
    }

    [Fact]
    public void ObjectInACycleOfSymlinks_SaysItIsACycle()
    {
        _ws.Symlink("loop-a", "loop-b");
        _ws.Symlink("loop-b", "loop-a");
        _ws.AssertFails(BuildSymlinks(("loop-a", "/bin/thing")), $"error PS1308: $.symlinks[0].object: '{_ws.Combine("loop-a")}' is a symlink to 'loop-b', which leads back round in a cycle of symlinks and never reaches a file; point the object at an existing path.");
    }

    [Fact]
    public void MissingObject_SaysItMustExist()
    {
        _ws.AssertFails(BuildSymlinks(("nothing-here", "/bin/thing")), $"error PS1307: $.symlinks[0].object: '{_ws.Combine("nothing-here")}' does not exist; the symlink's object and its dependencies are copied into the image, so it must exist.");
    }

    [Fact]
    public void NameLongerThan255Bytes_SaysShortenIt()
    {
        var path = "/opt/" + new string('n', 256);
        _ws.AssertFails(BuildSymlinks(("payload", path)), $"error PS1301: $.symlinks[0].symlink: '{path}' has a component longer than 255 bytes; shorten it.");
    }

    [Fact]
    public void ImageRoot_IsRefused()
    {
        _ws.AssertFails(BuildSymlinks(("payload", "/")), "error PS1301: $.symlinks[0].symlink: '/' is the image root itself; give a path below it such as \"/etc/ssl\".");
    }

    [Fact]
    public void SymlinkOnTheCommandLine_IsNamedAsTheOption()
    {
        _ws.SpecWith();
        _ws.AssertFails(_ws.Build("--symlink", "/../x=/bin"), "error PS1302: --symlink '/../x=/bin' (its link): '/../x' climbs above the image root with '..'; give a path inside the image.");
    }

    [Fact]
    public void EmptyPath_IsRefused()
    {
        _ws.AssertFails(BuildSymlinks(("payload", "")), "error PS1301: $.symlinks[0].symlink: the path is empty; give a path in the image such as \"/etc/ssl\".");
    }

    [Fact]
    public void ObjectThatLeadsToTheRoot_IsRefused()
    {
        var link = _ws.Symlink("up", "/");
        _ws.AssertFails(BuildSymlinks((link, "/srv/host")), $"error PS1311: $.symlinks[0].object: the object '{link}' is the root directory, whose closure is the whole build host: point the symlink at what it needs.");
    }
}
