using PortableService.Diagnostics;
using PortableService.Spec;

namespace PortableService.Validation;

/// <summary>
/// The problems one validation finds. Every place a message names (its location and the places among its
/// arguments, all JSON paths when the validator writes them) is named by <see cref="SpecOrigins"/>: an option
/// when the value came from the command line.
/// </summary>
internal sealed class SpecProblems(SpecOrigins origins)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public int Count => _diagnostics.Count;

    public bool HasErrors => _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(string code, string location, string format, params object?[] args) =>
        Add(code, DiagnosticSeverity.Error, location, format, args);

    public void Warning(string code, string location, string format, params object?[] args) =>
        Add(code, DiagnosticSeverity.Warning, location, format, args);

    private void Add(string code, DiagnosticSeverity severity, string location, string format, object?[] args)
    {
        object?[] named = [.. args.Select(arg => arg is string text ? origins.Name(text) : arg)];
        _diagnostics.Add(new Diagnostic(code, severity, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, named), origins.Name(location)));
    }
}
