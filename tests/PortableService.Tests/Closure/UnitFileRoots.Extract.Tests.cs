using PortableService.Closure;

namespace PortableService.Tests.Closure;

public sealed class UnitFileRootsExtractTests
{
    private const string Hash1 = "0123456789abcdfghijklmnpqrsvwxyz";
    private const string Hash2 = "zyxwvsrqpnmlkjihgfdcba9876543210";

    [Fact]
    public void ExecPrograms_AfterEveryPrefix()
    {
        const string unit = """
            [Unit]
            Description=Hello
            [Service]
            ExecStartPre=-/usr/bin/pre
            ExecStartPre=+/usr/bin/privileged
            ExecStartPre=!!/usr/bin/ambient
            ExecStartPre=:/usr/bin/noexpand $FOO
            ExecStart=@/usr/bin/hello hello-argv0 --greet
            ExecStartPost=|/usr/bin/in-shell
            ExecCondition=/usr/bin/condition
            ExecReload=/bin/kill -HUP $MAINPID
            ExecStop=-@:+/usr/bin/stop
            ExecStopPost=/usr/bin/post
            """;

        var roots = UnitFileRoots.Extract("hello.service", unit, "/nix/store");

        Assert.Equal(
            ["/usr/bin/pre", "/usr/bin/privileged", "/usr/bin/ambient", "/usr/bin/noexpand", "/usr/bin/hello", "/usr/bin/in-shell", "/usr/bin/condition", "/bin/kill", "/usr/bin/stop", "/usr/bin/post"],
            roots.Select(r => r.HostPath));
        Assert.Equal("unit hello.service ExecStart=", roots.Single(r => r.HostPath == "/usr/bin/hello").Reason);
        Assert.Equal("unit hello.service ExecReload=", roots.Single(r => r.HostPath == "/bin/kill").Reason);
    }

    [Fact]
    public void QuotesEscapesContinuationsAndSemicolons()
    {
        const string unit = """
            [Service]
            Type=oneshot
            ExecStart="/opt/my app/run" "arg with spaces" ; /usr/bin/second \; not-a-program
            ExecStart=/usr/bin/continued \
              --flag \
              /not/a/program
            ExecStart=/opt/escaped\x20name
            ExecStart='/opt/single quoted'
            """;

        var roots = UnitFileRoots.Extract("batch.service", unit, "/nix/store");

        Assert.Equal(["/opt/my app/run", "/usr/bin/second", "/usr/bin/continued", "/opt/escaped name", "/opt/single quoted"], roots.Select(r => r.HostPath));
    }

    [Fact]
    public void EmptyAssignmentResetsTheList_RelativeAndSpecifierProgramsAreNotRoots()
    {
        const string unit = """
            [Service]
            ExecStart=/usr/bin/replaced
            ExecStart=
            ExecStart=/usr/bin/kept
            ExecStartPre=relative-program
            ExecStartPre=%h/bin/tool
            ExecStartPost=/opt/100%%/tool
            # ExecStop=/usr/bin/commented-out
            """;

        var roots = UnitFileRoots.Extract("x.service", unit, "/nix/store");

        Assert.Equal(["/usr/bin/kept", "/opt/100%/tool"], roots.Select(r => r.HostPath));
    }

    [Fact]
    public void StorePathsAnywhere_IncludingComments_AreRoots()
    {
        var unit = $"""
            [Service]
            ExecStart=/nix/store/{Hash1}-hello-2.12/bin/hello --config /nix/store/{Hash2}-hello.conf
            Environment="PATH=/nix/store/{Hash2}-coreutils-9.1/bin:/usr/bin"
            # built from /nix/store/{Hash1}-source
            ExecStop=/nix/store/{Hash1}-hello-2.12/bin/hello --stop
            """;

        var roots = UnitFileRoots.Extract("hello.service", unit, "/nix/store");

        Assert.Equal(
            [
                ($"/nix/store/{Hash1}-hello-2.12/bin/hello", "unit hello.service ExecStart="),
                ($"/nix/store/{Hash1}-hello-2.12", "unit hello.service ExecStart="),
                ($"/nix/store/{Hash2}-hello.conf", "unit hello.service ExecStart="),
                ($"/nix/store/{Hash2}-coreutils-9.1", "unit hello.service Environment="),
                ($"/nix/store/{Hash1}-source", "unit hello.service"),
            ],
            roots.Select(r => (r.HostPath, r.Reason)));
    }

    [Fact]
    public void OtherStoreDirectory_AndInvalidHashes()
    {
        var unit = $"""
            [Service]
            ExecStart=/gnu/store/{Hash1}-guile/bin/guile
            Environment=A=/nix/store/{Hash2}-not-this-store B=/gnu/store/{Hash2[..31]}e-bad-hash
            """;

        var roots = UnitFileRoots.Extract("g.service", unit, "/gnu/store/");

        Assert.Equal([$"/gnu/store/{Hash1}-guile/bin/guile", $"/gnu/store/{Hash1}-guile"], roots.Select(r => r.HostPath));
    }

    [Fact]
    public void SocketUnit_ExecStopPre()
    {
        var roots = UnitFileRoots.Extract("x.socket", "[Socket]\nListenStream=80\nExecStopPre=/usr/bin/cleanup\n", "/nix/store");
        Assert.Equal(["/usr/bin/cleanup"], roots.Select(r => r.HostPath));
    }

    [Fact]
    public void UnitRoots_ResolveThroughTheResolver()
    {
        var roots = UnitFileRoots.Extract("t.service", "[Service]\nExecStart=/usr/bin/env true\n", "/nix/store");
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store" });
        var result = resolver.Resolve(roots);
        Assert.Equal("unit t.service ExecStart=", result.Items.Single(i => i.HostPath == "/usr/bin/env").Reason);
    }
}
