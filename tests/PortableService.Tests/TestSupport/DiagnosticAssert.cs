using PortableService.Diagnostics;

namespace PortableService.Tests.TestSupport;

public static class DiagnosticAssert
{
    /// <summary>Asserts exactly one diagnostic, with this code and location, whose message names the location and holds every word.</summary>
    public static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string code, string location, params string[] words)
    {
        Diagnostic diagnostic = Assert.Single(diagnostics);
        return Matches(diagnostic, code, location, words);
    }

    /// <summary>Asserts that one of the diagnostics has this code and location, and returns it.</summary>
    public static Diagnostic Contains(IReadOnlyList<Diagnostic> diagnostics, string code, string location, params string[] words)
    {
        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Code == code && d.Location == location);
        return Matches(diagnostic, code, location, words);
    }

    private static Diagnostic Matches(Diagnostic diagnostic, string code, string location, string[] words)
    {
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(location, diagnostic.Location);
        if (location.StartsWith('$'))
        {
            Assert.Contains(location, diagnostic.Message, StringComparison.Ordinal);
        }

        foreach (string word in words)
        {
            Assert.Contains(word, diagnostic.Message, StringComparison.Ordinal);
        }

        return diagnostic;
    }
}
