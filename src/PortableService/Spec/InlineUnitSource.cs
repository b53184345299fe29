namespace PortableService.Spec;

/// <summary>A unit given by name and content, like nixpkgs' <c>writeText "hello.service" ''...''</c>.</summary>
public sealed record InlineUnitSource : UnitSource
{
    public InlineUnitSource(string name, string text)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Text = text;
    }

    public override string Name { get; }

    /// <summary>The unit file's content, written as UTF-8.</summary>
    public string Text
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Text));
    }
}
