using PortableService.Spec;

namespace PortableService.Tests.Spec;

public sealed class UnitSourceNameFromPathTests
{
    [Theory]
    [InlineData("/etc/units/hello.service", "hello.service")]
    [InlineData("hello.service", "hello.service")]
    [InlineData("/nix/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello.service", "hello.service")]
    [InlineData("/nix/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello-2.12.1/lib/systemd/system/hello.service", "hello.service")]
    [InlineData("/gnu/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello.service", "hello.service")]
    [InlineData("/tmp/8c20z1vh7z8w8dwagl8w87b45dn5k6iE-hello.service", "8c20z1vh7z8w8dwagl8w87b45dn5k6iE-hello.service")] // 'E' is not Nix base-32.
    [InlineData("/tmp/8c20z1vh7z8w8dwagl8w87b45dn5k6i-hello.service", "8c20z1vh7z8w8dwagl8w87b45dn5k6i-hello.service")] // 31 characters.
    [InlineData("/etc/units/hello.service/", "hello.service")]
    public void Name_IsTheFileNameWithoutTheStoreHash(string path, string name)
    {
        Assert.Equal(name, UnitSource.NameFromPath(path));
        Assert.Equal(name, UnitSource.FromFile(path).Name);
    }

    [Fact]
    public void InlineUnit_IsNamedAsGiven() => Assert.Equal("hello@.service", UnitSource.Inline("hello@.service", "x").Name);
}
