using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>
/// Finds shared libraries as glibc's ld.so does (<c>elf/dl-load.c</c> <c>_dl_map_object</c>): a name with a slash is a
/// path; otherwise <c>DT_RPATH</c> of the requester and its loaders (only when the requester has no
/// <c>DT_RUNPATH</c>), the extra directories (where <c>LD_LIBRARY_PATH</c> would be), <c>DT_RUNPATH</c>, then, unless
/// <c>DF_1_NODEFLIB</c>, <c>/etc/ld.so.cache</c> and the system directories. Directories from <c>ld.so.conf</c> come
/// last, for a cache that is stale or missing. A candidate of another ELF class or machine is skipped, as ld.so
/// skips it. Answers are remembered per name and search context.
/// </summary>
internal sealed class DynamicLoader
{
    private readonly ClosureOptions _options;
    private readonly PathResolver _fs;
    private readonly PathResolver _configuration;
    private readonly Func<string, ElfAbi?> _abiOf;
    private readonly Dictionary<string, LibraryLookup> _lookups = new(StringComparer.Ordinal);
    private readonly Dictionary<ElfAbi, IReadOnlyList<SearchDirectory>> _systemDirectories = [];
    private readonly Dictionary<ElfAbi, string> _libTokens = [];
    private LdSoCache? _cache;
    private string? _cacheProblem;
    private IReadOnlyList<SearchDirectory>? _configDirectories;

    /// <param name="fs">The tree libraries are looked for in.</param>
    /// <param name="configuration">The tree <c>ld.so.cache</c> and <c>ld.so.conf</c> are read from.</param>
    /// <param name="abiOf">The ABI of the regular file at a real path, or null when it is not an ELF file.</param>
    public DynamicLoader(ClosureOptions options, PathResolver fs, PathResolver configuration, Func<string, ElfAbi?> abiOf)
    {
        _options = options;
        _fs = fs;
        _configuration = configuration;
        _abiOf = abiOf;
    }

    /// <summary>A problem reading the cache (other than its absence), once the cache has been needed.</summary>
    public string? CacheProblem => _cacheProblem;

    public LdSoCache Cache
    {
        get
        {
            if (_cache is null)
            {
                try
                {
                    _cache = LdSoCache.Read(_configuration, _options.LdSoCachePath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    _cacheProblem = $"{_options.LdSoCachePath} cannot be read: {e.Message}";
                    _cache = LdSoCache.Empty(_options.LdSoCachePath);
                }
            }

            return _cache;
        }
    }

    /// <summary>Expands <c>$ORIGIN</c>, <c>$LIB</c> and <c>$PLATFORM</c> (also in braces) in a colon-separated list.</summary>
    /// <remarks>
    /// Empty and relative entries name the working directory at run time, which the closure cannot know: they are
    /// left out.
    /// </remarks>
    public IReadOnlyList<SearchDirectory> ExpandPathList(string? list, string origin, ElfAbi abi, string source)
    {
        if (string.IsNullOrEmpty(list))
        {
            return [];
        }

        var result = new List<SearchDirectory>();
        foreach (var element in list.Split(':'))
        {
            var expanded = ExpandTokens(element, origin, abi);
            if (expanded.Length == 0 || !expanded.StartsWith('/'))
            {
                continue;
            }

            expanded = expanded.Length > 1 ? expanded.TrimEnd('/') : expanded;
            result.Add(new SearchDirectory(expanded, source));
        }

        return result;
    }

    /// <summary>Finds a library needed by <paramref name="requester"/>.</summary>
    public LibraryLookup Find(string name, LoadedObject requester)
    {
        var abi = requester.Elf.Abi;
        var key = name + "\0" + abi + "\0" + requester.SearchKey;
        if (_lookups.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var lookup = FindUncached(name, requester, abi);
        _lookups[key] = lookup;
        return lookup;
    }

    /// <summary>The system directories for an ABI: multiarch ones, then <c>lib64</c> (64-bit), then <c>lib</c>.</summary>
    public IReadOnlyList<SearchDirectory> SystemDirectories(ElfAbi abi)
    {
        if (!_systemDirectories.TryGetValue(abi, out var directories))
        {
            var list = new List<string>();
            if (abi.MultiarchTuple is { } tuple)
            {
                list.Add("/lib/" + tuple);
                list.Add("/usr/lib/" + tuple);
            }

            if (abi.GenericLibDirectory != "lib")
            {
                list.Add("/" + abi.GenericLibDirectory);
                list.Add("/usr/" + abi.GenericLibDirectory);
            }

            list.Add("/lib");
            list.Add("/usr/lib");
            directories = list.Select(d => new SearchDirectory(d, "system directory")).ToArray();
            _systemDirectories[abi] = directories;
        }

        return directories;
    }

    private LibraryLookup FindUncached(string name, LoadedObject requester, ElfAbi abi)
    {
        var searched = new List<string>();
        if (name.Contains('/'))
        {
            if (!name.StartsWith('/'))
            {
                searched.Add($"{name} (a relative path: ld.so opens it from the working directory at run time)");
                return LibraryLookup.NotFound(searched);
            }

            return TryCandidate(name, abi, name, searched, out var direct) ? LibraryLookup.Success(name, direct!, searched) : LibraryLookup.NotFound(searched);
        }

        var hasRunPath = requester.Elf.RunPath is not null;
        IEnumerable<SearchDirectory> directories = hasRunPath ? [] : requester.RPathChain;
        directories = directories
            .Concat(_options.ExtraLibraryDirectories.Select(d => new SearchDirectory(d.TrimEnd('/'), "extra library directory")))
            .Concat(requester.RunPath);
        foreach (var directory in directories)
        {
            var candidate = UnixPath.Join(directory.Path, name);
            if (TryCandidate(candidate, abi, $"{candidate} ({directory.Source})", searched, out var resolution))
            {
                return LibraryLookup.Success(candidate, resolution!, searched);
            }
        }

        if (requester.Elf.NoDefaultLibraries)
        {
            searched.Add($"(not {_options.LdSoCachePath} nor the system directories: {requester.Path} is linked with -z nodefaultlib)");
            return LibraryLookup.NotFound(searched);
        }

        var cache = Cache;
        var entries = cache.Lookup(name).Where(e => abi.AcceptsCacheFlags(e.Flags)).ToList();
        // Prefer the baseline build over glibc-hwcaps variants for a particular CPU level: the image may run elsewhere.
        entries.Sort((a, b) => (a.IsBaseline ? 0 : 1).CompareTo(b.IsBaseline ? 0 : 1));
        if (entries.Count == 0)
        {
            searched.Add(cache.Count == 0 ? $"{cache.Path} ({_cacheProblem ?? "absent or empty"})" : $"{cache.Path} (no {abi} entry for {name})");
        }

        foreach (var entry in entries)
        {
            if (TryCandidate(entry.Path, abi, $"{entry.Path} (from {cache.Path})", searched, out var resolution))
            {
                return LibraryLookup.Success(entry.Path, resolution!, searched);
            }
        }

        foreach (var directory in SystemDirectories(abi).Concat(ConfigDirectories))
        {
            var candidate = UnixPath.Join(directory.Path, name);
            if (TryCandidate(candidate, abi, $"{candidate} ({directory.Source})", searched, out var resolution))
            {
                return LibraryLookup.Success(candidate, resolution!, searched);
            }
        }

        return LibraryLookup.NotFound(searched);
    }

    private IReadOnlyList<SearchDirectory> ConfigDirectories =>
        _configDirectories ??= LdSoConfig.ReadDirectories(_configuration, _options.LdSoConfPath).Select(d => new SearchDirectory(d, _options.LdSoConfPath)).ToArray();

    private bool TryCandidate(string candidate, ElfAbi abi, string description, List<string> searched, out PathResolution? resolution)
    {
        resolution = _fs.Resolve(candidate);
        if (!resolution.Succeeded)
        {
            // Most candidates simply do not exist; say why only when it is something else.
            searched.Add(resolution.Failure == "does not exist" ? description : $"{description}: {resolution.DescribeFailure()}");
            return false;
        }

        if (resolution.Node.Kind != FileNodeKind.File)
        {
            searched.Add($"{description}: not a regular file, skipped");
            return false;
        }

        var found = _abiOf(resolution.RealPath!);
        if (found is null)
        {
            searched.Add($"{description}: not an ELF file, skipped");
            return false;
        }

        if (!found.Value.Matches(abi))
        {
            searched.Add($"{description}: {found.Value}, skipped");
            return false;
        }

        return true;
    }

    private string ExpandTokens(string element, string origin, ElfAbi abi)
    {
        if (!element.Contains('$'))
        {
            return element;
        }

        return element
            .Replace("${ORIGIN}", origin, StringComparison.Ordinal)
            .Replace("$ORIGIN", origin, StringComparison.Ordinal)
            .Replace("${LIB}", LibToken(abi), StringComparison.Ordinal)
            .Replace("$LIB", LibToken(abi), StringComparison.Ordinal)
            .Replace("${PLATFORM}", abi.Platform, StringComparison.Ordinal)
            .Replace("$PLATFORM", abi.Platform, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>$LIB</c>: <c>lib/TUPLE</c> where the host uses multiarch directories (as Debian's ld.so does), else
    /// <c>lib64</c> or <c>lib</c>.
    /// </summary>
    private string LibToken(ElfAbi abi)
    {
        if (!_libTokens.TryGetValue(abi, out var token))
        {
            token = abi.MultiarchTuple is { } tuple && _fs.Resolve("/lib/" + tuple) is { Succeeded: true, Node.Kind: FileNodeKind.Directory }
                ? "lib/" + tuple
                : abi.GenericLibDirectory;
            _libTokens[abi] = token;
        }

        return token;
    }
}
