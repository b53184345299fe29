namespace Squashfs.Tree;

/// <summary>An extended attribute. The name carries its namespace prefix: <c>user.</c>, <c>trusted.</c> or <c>security.</c>.</summary>
public sealed record ImageXattr(string Name, byte[] Value);
