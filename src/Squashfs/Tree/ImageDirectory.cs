namespace Squashfs.Tree;

/// <summary>A directory. Children are kept sorted by the bytes of their UTF-8 names, the order squashfs requires.</summary>
public sealed class ImageDirectory : ImageEntry
{
    private readonly SortedDictionary<string, ImageEntry> _children = new(Utf8NameComparer.Instance);

    public ImageDirectory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101)
        : base(name, mode)
    {
    }

    /// <summary>Creates an image root, the directory with an empty name.</summary>
    public static ImageDirectory CreateRoot() => new(string.Empty);

    public IEnumerable<ImageEntry> Children => _children.Values;

    public int Count => _children.Count;

    public ImageEntry? this[string name] => _children.GetValueOrDefault(name);

    /// <summary>Adds a child; its name must be a valid squashfs name that is not yet taken.</summary>
    public T Add<T>(T entry)
        where T : ImageEntry
    {
        ArgumentNullException.ThrowIfNull(entry);
        ImageName.Validate(entry.Name);
        if (entry.Parent is not null)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.EntryAlreadyHasParent, entry.Name), nameof(entry));
        }

        if (!_children.TryAdd(entry.Name, entry))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.DuplicateName, entry.Name, FullPath), nameof(entry));
        }

        entry.Parent = this;
        return entry;
    }

    public bool Remove(string name)
    {
        if (_children.Remove(name, out var entry))
        {
            entry.Parent = null;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Finds the entry at a path relative to this directory ("a/b/c", leading "/" allowed), or null.
    /// Symlinks are not followed.
    /// </summary>
    public ImageEntry? Find(string path)
    {
        ImageEntry current = this;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is not ImageDirectory dir || dir[part] is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// Returns the directory at a relative path, creating missing ones with <paramref name="createMode"/>;
    /// throws when a component exists and is not a directory.
    /// </summary>
    public ImageDirectory GetOrCreateDirectory(string path, UnixFileMode createMode = (UnixFileMode)0b111_101_101)
    {
        var current = this;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current[part] switch
            {
                null => current.Add(new ImageDirectory(part, createMode)),
                ImageDirectory dir => dir,
                var other => throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.NotADirectory, other.FullPath), nameof(path)),
            };
        }

        return current;
    }

    /// <summary>Every entry below this directory, depth first, children in name order.</summary>
    public IEnumerable<ImageEntry> Descendants()
    {
        foreach (var child in _children.Values)
        {
            yield return child;
            if (child is ImageDirectory dir)
            {
                foreach (var grandChild in dir.Descendants())
                {
                    yield return grandChild;
                }
            }
        }
    }
}
