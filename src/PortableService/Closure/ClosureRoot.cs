namespace PortableService.Closure;

/// <summary>
/// A path whose closure goes into the image, and why: <c>contents[0]</c>, <c>symlinks[1].object</c>,
/// <c>unit hello.service ExecStart=</c>. The reason is carried into every item and diagnostic that the root causes.
/// </summary>
/// <param name="HostPath">
/// An absolute path in the tree the closure is resolved in (a relative one is taken from the current directory): the
/// build host, or the image being planned over it.
/// </param>
/// <param name="Reason">Why the path is a root, as the user would recognise it.</param>
/// <param name="Required">When set, a missing root stays an error even when missing files are allowed (a unit's program).</param>
public sealed record ClosureRoot(string HostPath, string Reason, bool Required = false)
{
    /// <summary>
    /// For a content: the unsafe files (devices, set-ID files) it may hold, its explicit opt-in. Null for other roots (a
    /// unit's program, a symlink's object): they may hold none, but a path the image already holds was checked, and
    /// allowed or not, as part of its content.
    /// </summary>
    public UnsafeFiles? Allowed { get; init; }

    /// <summary>
    /// For a directory the planner adds for a runtime's own needs (the CA store, whose entries are links into
    /// <c>/usr/share/ca-certificates</c>): what its links lead to outside it comes in too, as a program's libraries do.
    /// A user's content keeps such links as they are, and is warned that they dangle (PS2022).
    /// </summary>
    internal bool FollowsLinksOut { get; init; }
}
