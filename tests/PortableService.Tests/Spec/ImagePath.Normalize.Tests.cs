using PortableService.Spec;

namespace PortableService.Tests.Spec;

public sealed class ImagePathNormalizeTests
{
    [Theory]
    [InlineData("/etc/ssl", "/etc/ssl")]
    [InlineData("etc/ssl", "/etc/ssl")]
    [InlineData("//etc//ssl//", "/etc/ssl")]
    [InlineData("./etc/./ssl", "/etc/ssl")]
    [InlineData("/usr/../etc/ssl", "/etc/ssl")]
    public void Normalize_GivesAnAbsoluteCleanPath(string path, string expected)
    {
        Assert.Equal(ImagePathProblem.None, ImagePath.Normalize(path, out string? normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", ImagePathProblem.Empty)]
    [InlineData("/", ImagePathProblem.Root)]
    [InlineData("a/..", ImagePathProblem.Root)]
    [InlineData("..", ImagePathProblem.EscapesRoot)]
    [InlineData("/a/../../b", ImagePathProblem.EscapesRoot)]
    [InlineData("/a\0b", ImagePathProblem.InvalidCharacter)]
    public void Normalize_NamesTheProblem(string path, ImagePathProblem problem)
    {
        Assert.Equal(problem, ImagePath.Normalize(path, out string? normalized));
        Assert.Null(normalized);
    }

    [Fact]
    public void Normalize_RejectsComponentsOver255Bytes()
    {
        Assert.Equal(ImagePathProblem.ComponentTooLong, ImagePath.Normalize("/" + new string('é', 128), out _));
        Assert.Equal(ImagePathProblem.None, ImagePath.Normalize("/" + new string('x', 255), out _));
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", false)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/", true)]
    public void IsUnder_IsAProperAncestorTest(string path, string ancestor, bool under) => Assert.Equal(under, ImagePath.IsUnder(path, ancestor));
}
