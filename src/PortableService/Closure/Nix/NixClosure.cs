using Microsoft.Data.Sqlite;
using PortableService.Diagnostics;
using PortableService.FileTrees;

namespace PortableService.Closure.Nix;

/// <summary>
/// The closure of store paths under the configured <see cref="ClosureOptions.NixSource"/>: the Nix database, the
/// <c>nix-store</c> command, or a scan of the files. Remembers what it opened and scanned for the resolver's life.
/// Not thread-safe.
/// </summary>
internal sealed class NixClosure : IDisposable
{
    private readonly ClosureOptions _options;
    private readonly PathResolver _fs;
    private readonly Dictionary<string, ReferenceScanner.Result> _scans = new(StringComparer.Ordinal);
    private NixDatabase? _database;
    private string? _databaseProblem;
    private bool _databaseTried;
    private ReferenceScanner? _scanner;
    private string? _scannerProblem;

    public NixClosure(ClosureOptions options, PathResolver fs)
    {
        _options = options;
        _fs = fs;
    }

    /// <summary>The size a scan measured, so the store path need not be walked again.</summary>
    public long? ScannedSize(string storePath) => _scans.TryGetValue(storePath, out var scan) ? scan.Size : null;

    /// <summary>
    /// Finds the closure of <paramref name="roots"/> and reports each store path once, first the roots, through
    /// <paramref name="add"/> (path, reason). Problems go to <paramref name="diagnostics"/>.
    /// </summary>
    public void Resolve(IReadOnlyList<(string StorePath, string Reason)> roots, Action<string, string> add, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var (path, reason) in roots)
        {
            if (seen.Add(path))
            {
                add(path, reason);
            }
        }

        void Reached(string path, string reason, string referrer)
        {
            if (!seen.Add(path))
            {
                return;
            }

            if (_fs.Lstat(path).Kind == FileNodeKind.Missing)
            {
                diagnostics.Add(ClosureMessages.StorePathMissing(path, referrer, _options.IsMissingAllowed(path)));
                return;
            }

            add(path, reason);
            queue.Enqueue(path);
        }

        var source = _options.NixSource;
        if (source == NixReferenceSource.Database || (source == NixReferenceSource.Auto && Database is not null))
        {
            if (Database is null)
            {
                diagnostics.Add(ClosureMessages.NixDatabaseUnavailable(_options.NixDatabasePath, _databaseProblem!, roots[0].StorePath));
                return;
            }

            foreach (var (path, _) in roots)
            {
                queue.Enqueue(path);
            }

            while (queue.TryDequeue(out var path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                IReadOnlyCollection<string>? references = Database.ReferencesOf(path);
                var how = "";
                if (references is null)
                {
                    if (source == NixReferenceSource.Database)
                    {
                        diagnostics.Add(ClosureMessages.StorePathNotRegistered(path, Database.Path));
                        continue;
                    }

                    references = Scan(path, diagnostics, cancellationToken);
                    how = " (found by scanning its files: the Nix database does not know it)";
                }

                foreach (var reference in references)
                {
                    Reached(reference, $"referenced by {path}{how}", path);
                }
            }

            return;
        }

        if (source is NixReferenceSource.NixStoreCommand or NixReferenceSource.Auto)
        {
            foreach (var (root, _) in roots)
            {
                var closure = NixStoreCommand.Requisites(_options.NixStoreCommand, root, cancellationToken, out var problem);
                if (closure is not null)
                {
                    foreach (var path in closure)
                    {
                        Reached(path, $"in the Nix closure of {root} (nix-store --query --requisites)", root);
                    }

                    queue.Clear();
                    continue;
                }

                if (source == NixReferenceSource.NixStoreCommand)
                {
                    diagnostics.Add(ClosureMessages.NixStoreCommandFailed(root, problem!));
                    continue;
                }

                ScanClosure(root, Reached, queue, diagnostics, cancellationToken);
            }

            return;
        }

        foreach (var (root, _) in roots)
        {
            ScanClosure(root, Reached, queue, diagnostics, cancellationToken);
        }
    }

    public void Dispose() => _database?.Dispose();

    private NixDatabase? Database
    {
        get
        {
            if (!_databaseTried)
            {
                _databaseTried = true;
                try
                {
                    _database = NixDatabase.Open(_options.NixDatabasePath);
                }
                catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    _databaseProblem = e.Message;
                }
            }

            return _database;
        }
    }

    private void ScanClosure(string root, Action<string, string, string> reached, Queue<string> queue, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        queue.Clear();
        queue.Enqueue(root);
        while (queue.TryDequeue(out var path))
        {
            foreach (var reference in Scan(path, diagnostics, cancellationToken))
            {
                reached(reference, $"referenced by {path} (found by scanning its files)", path);
            }
        }
    }

    private IReadOnlyCollection<string> Scan(string storePath, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (_scans.TryGetValue(storePath, out var done))
        {
            return done.References;
        }

        if (_scanner is null && _scannerProblem is null)
        {
            try
            {
                _scanner = new ReferenceScanner(StoreHashIndex.Build(_options.StoreDirectory));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _scannerProblem = e.Message;
            }
        }

        if (_scanner is null)
        {
            diagnostics.Add(ClosureMessages.StoreUnreadable(_options.StoreDirectory, _scannerProblem!, storePath));
            _scans[storePath] = new ReferenceScanner.Result([], 0, []);
            return [];
        }

        var result = _scanner.ScanStorePath(storePath, _fs, cancellationToken);
        foreach (var problem in result.Problems)
        {
            diagnostics.Add(ClosureMessages.ScanFailed(storePath, problem));
        }

        var sorted = result.References.Order(StringComparer.Ordinal).ToArray();
        _scans[storePath] = result with { References = sorted };
        return sorted;
    }
}
