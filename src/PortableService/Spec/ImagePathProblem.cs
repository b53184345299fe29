namespace PortableService.Spec;

/// <summary>Why a string is not a usable path inside the image.</summary>
public enum ImagePathProblem
{
    None,

    /// <summary>The string is empty.</summary>
    Empty,

    /// <summary>The path names the image root itself (<c>/</c>, <c>.</c>, <c>a/..</c>).</summary>
    Root,

    /// <summary>A <c>..</c> component climbs above the image root.</summary>
    EscapesRoot,

    /// <summary>The path holds a NUL character.</summary>
    InvalidCharacter,

    /// <summary>A component is longer than 255 bytes in UTF-8.</summary>
    ComponentTooLong,
}
