using System.Reflection;
using System.Text;
using PortableService.Building;
using PortableService.Closure;
using PortableService.Inspection;
using PortableService.Planning;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Documentation;

/// <summary>
/// docs/diagnostics.md lists every PS code the library defines, once, with its name and (for the spec's codes, and
/// those with a <c>NameMessage</c> template beside their code) its message template. Run with UPDATE_DIAGNOSTICS_DOC=1
/// to rewrite it from the code.
/// </summary>
public sealed class DiagnosticCatalogTests
{
    private static readonly (string Area, Type Codes)[] s_catalogues =
    [
        ("spec", typeof(SpecDiagnosticCodes)),
        ("closure", typeof(ClosureMessages)),
        ("plan", typeof(PlanMessages)),
        ("build", typeof(BuildDiagnosticCodes)),
        ("inspect", typeof(InspectionCodes)),
        ("dotnet", typeof(PortableService.DotNet.DotNetMessages)),
    ];

    [Fact]
    public void EveryCodeIsUniqueAndDocumented()
    {
        var codes = Codes().ToList();
        Assert.Empty(codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => g.Key));

        var path = Path.Join(Repository.Root, "docs", "diagnostics.md");
        var expected = Render(codes);
        if (Environment.GetEnvironmentVariable("UPDATE_DIAGNOSTICS_DOC") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path));
    }

    private static IEnumerable<(string Code, string Name, string Area, string? Template)> Codes()
    {
        var templates = typeof(SpecMessages).GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(f => f.Name, f => (string)f.GetValue(null)!);
        foreach (var (area, type) in s_catalogues)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var value = (string)field.GetValue(null)!;
                if (value.StartsWith("PS", StringComparison.Ordinal))
                {
                    var name = field.Name.EndsWith("Code", StringComparison.Ordinal) ? field.Name[..^4] : field.Name;
                    var own = type.GetField(name + "Message", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
                    yield return (value, name, area, own ?? templates.GetValueOrDefault(name));
                }
            }
        }
    }

    private static string Render(IEnumerable<(string Code, string Name, string Area, string? Template)> codes)
    {
        var text = new StringBuilder();
        text.Append("# Diagnostic codes\n\n");
        text.Append("Every problem `portable-service` reports carries a code: PS1xxx the spec, PS2xxx the closure and the plan,\n");
        text.Append("PS3xxx writing the image, PS4xxx `inspect`. This page is checked by `DiagnosticCatalogTests` against the code\n");
        text.Append("(run the tests with `UPDATE_DIAGNOSTICS_DOC=1` to rewrite it). In templates, `{0}` is the JSON path or option.\n\n");
        text.Append("| code | name | area | message |\n| --- | --- | --- | --- |\n");
        foreach (var (code, name, area, template) in codes.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var message = template is null ? string.Empty : template.Replace("|", "\\|", StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"| {code} | {name} | {area} | {message} |\n");
        }

        return text.ToString();
    }
}
