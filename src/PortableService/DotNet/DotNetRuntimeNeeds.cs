using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Planning;

namespace PortableService.DotNet;

/// <summary>
/// What the .NET apps among a plan's contents add to it: the entries (each app's content leaving out symbols and the
/// LTTng provider, shared frameworks as contents), closure roots for what the runtime opens with <c>dlopen</c> (ICU,
/// OpenSSL, GSSAPI, the CA store, the host), and notes about what was left out.
/// </summary>
internal sealed record DotNetRuntimeNeeds(
    IReadOnlyList<DotNetApp> Apps,
    List<PlannedEntry> Entries,
    IReadOnlyList<ClosureRoot> Roots,
    IReadOnlyList<Diagnostic> Notes);
