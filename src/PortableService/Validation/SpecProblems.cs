using PortableService.Diagnostics;
using PortableService.Spec;

namespace PortableService.Validation;

/// <summary>
/// The problems one validation finds. Every place a message names is named by <see cref="SpecOrigins"/> (an
/// option when the value came from the command line): its location, the places among its arguments, and the spec
/// keys its template names (<c>$.pname</c> in "$.pname '{0}' holds '_'").
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
        var message = string.Format(CultureInfo.InvariantCulture, NameKeys(format), named);
        _diagnostics.Add(new Diagnostic(code, severity, message, origins.Name(location)));
    }

    /// <summary>The template with each top-level key it names (<c>$.squash-block-size</c>) named by its origin.</summary>
    private string NameKeys(string format)
    {
        var named = new System.Text.StringBuilder(format.Length);
        var at = 0;
        for (var start = format.IndexOf("$.", StringComparison.Ordinal); start >= 0; start = format.IndexOf("$.", at, StringComparison.Ordinal))
        {
            var end = start + 2;
            while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] is '-' or '_'))
            {
                end++;
            }

            named.Append(format, at, start - at).Append(origins.Name(format[start..end]));
            at = end;
        }

        return named.Append(format, at, format.Length - at).ToString();
    }
}
