using PortableService.Systemd;

namespace PortableService.Tests.Validation;

public sealed class SystemdUnitNameTests
{
    [Theory]
    [InlineData("hello.service", true)]
    [InlineData("hello@.service", true)]
    [InlineData("hello@a@b.service", true)]
    [InlineData("a:b\\x2d_c.mount", true)]
    [InlineData("dev-sda.device", true)]
    [InlineData("@.service", false)]
    [InlineData(".service", false)]
    [InlineData("hello.", false)]
    [InlineData("hello.unit", false)]
    [InlineData("hel lo.service", false)]
    [InlineData("hello/x.service", false)]
    [InlineData("", false)]
    public void IsValid_FollowsUnitNameIsValid(string name, bool valid) => Assert.Equal(valid, SystemdUnitName.IsValid(name));

    [Theory]
    [InlineData("foo.service", "foo", true)]
    [InlineData("foo-bar.service", "foo", true)]
    [InlineData("foo.bar.service", "foo", true)]
    [InlineData("foo@1.service", "foo", true)]
    [InlineData("foobar.service", "foo", false)]
    [InlineData("foo_bar.service", "foo", false)]
    [InlineData("fo.service", "foo", false)]
    [InlineData("foo.bar.service", "foo.bar", true)]
    public void MatchesPrefix_FollowsPortabled(string name, string prefix, bool matches) =>
        Assert.Equal(matches, SystemdUnitName.MatchesPrefix(name, prefix));

    [Theory]
    [InlineData("foo.service", true)]
    [InlineData("foo.socket", true)]
    [InlineData("foo.target", true)]
    [InlineData("foo.timer", true)]
    [InlineData("foo.path", true)]
    [InlineData("foo.mount", false)]
    [InlineData("foo.slice", false)]
    public void IsAttachedBy_TakesOnlyPortableTypes(string name, bool attached) => Assert.Equal(attached, SystemdUnitName.IsAttachedBy(name, "foo"));
}
