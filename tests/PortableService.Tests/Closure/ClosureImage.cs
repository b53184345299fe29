using PortableService.Closure;

namespace PortableService.Tests.Closure;

/// <summary>
/// Looks paths up in a closure the way they would be looked up in the image built from it: symlink items are
/// followed, a tree item holds whatever its host directory holds, a file item is exactly that file.
/// </summary>
internal sealed class ClosureImage
{
    private readonly Dictionary<string, ClosureItem> _items;

    public ClosureImage(ClosureResult result)
    {
        _items = result.Items.ToDictionary(i => i.HostPath, StringComparer.Ordinal);
        Result = result;
    }

    public ClosureResult Result { get; }

    public ClosureItem? this[string path] => _items.GetValueOrDefault(path);

    /// <summary>The host path the image path leads to (null when it does not exist in the image).</summary>
    public string? Lookup(string path) => Lookup(path, 0);

    /// <summary>Asserts that <paramref name="path"/> exists in the image and leads to the same file as on the host.</summary>
    public void AssertHas(string path, string? because = null)
    {
        var found = Lookup(path);
        Assert.True(found is not null, $"{path} is not in the closure{(because is null ? "" : " (" + because + ")")}. Items:\n" + string.Join("\n", _items.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(ResolveOnHost(path), ResolveOnHost(found!));
    }

    /// <summary>realpath(3): every symlink in the path resolved.</summary>
    public static string ResolveOnHost(string path) => RealPath(path);

    private static string RealPath(string path)
    {
        // Resolve every component (directories included).
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        foreach (var part in parts)
        {
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                next = RealPath(Path.GetFullPath(info.LinkTarget, current));
            }

            current = next;
        }

        return current;
    }

    private string? Lookup(string path, int depth)
    {
        if (depth > 40)
        {
            return null;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "";
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == ".")
            {
                continue;
            }

            if (parts[i] == "..")
            {
                current = current.Length == 0 ? "" : current[..current.LastIndexOf('/')];
                continue;
            }

            current += "/" + parts[i];
            if (!_items.TryGetValue(current, out var item))
            {
                // A directory implied by deeper items, or nothing.
                if (i == parts.Length - 1 ? _items.ContainsKey(current) : _items.Keys.Any(k => k.StartsWith(current + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                return null;
            }

            var rest = string.Join('/', parts.Skip(i + 1));
            switch (item.Kind)
            {
                case ClosureItemKind.Tree:
                    var inside = rest.Length == 0 ? current : current + "/" + rest;
                    return File.Exists(inside) || Directory.Exists(inside) ? inside : null;
                case ClosureItemKind.File:
                    return rest.Length == 0 ? current : null;
                case ClosureItemKind.Symlink:
                    var target = new FileInfo(current).LinkTarget!;
                    var parent = current[..current.LastIndexOf('/')];
                    var next = target.StartsWith('/') ? target : (parent.Length == 0 ? "" : parent) + "/" + target;
                    return Lookup(rest.Length == 0 ? next : next + "/" + rest, depth + 1);
            }
        }

        return current.Length == 0 ? "/" : current;
    }
}
