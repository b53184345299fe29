namespace PortableService.Closure;

/// <summary>
/// A path whose closure goes into the image, and why: <c>contents[0]</c>, <c>symlinks[1].object</c>,
/// <c>unit hello.service ExecStart=</c>. The reason is carried into every item and diagnostic that the root causes.
/// </summary>
/// <param name="HostPath">An absolute path on the build host (a relative one is taken from the current directory).</param>
/// <param name="Reason">Why the path is a root, as the user would recognise it.</param>
public sealed record ClosureRoot(string HostPath, string Reason);
