namespace PortableService.Spec;

/// <summary>
/// Where the values of a spec came from, so that a message names each as the user gave it: the JSON path
/// (<c>$.squash-block-size</c>) for a value from the spec file, the option (<c>--squash-block-size</c>) for one from
/// the command line. A front end that overrides spec values records here how to name them.
/// </summary>
public sealed record SpecOrigins(IReadOnlyDictionary<string, string> Names)
{
    /// <summary>Every value from the spec file: each is named by its JSON path.</summary>
    public static SpecOrigins SpecFile { get; } = new(new Dictionary<string, string>());

    /// <summary>How to name the value at <paramref name="jsonPath"/> (a whole path, never a part of one).</summary>
    public string Name(string jsonPath) => Names.TryGetValue(jsonPath, out var name) ? name : jsonPath;
}
