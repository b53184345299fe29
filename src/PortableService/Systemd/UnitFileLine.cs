namespace PortableService.Systemd;

/// <summary>One logical line of a unit file.</summary>
/// <param name="Section">The section it is in (<c>Service</c>), or null before the first.</param>
/// <param name="Key">The setting's name, or null for a comment, a section header or a blank line.</param>
/// <param name="Value">The value, with continuation lines joined.</param>
/// <param name="Raw">The line as written, continuation lines included.</param>
public sealed record UnitFileLine(string? Section, string? Key, string Value, string Raw);
