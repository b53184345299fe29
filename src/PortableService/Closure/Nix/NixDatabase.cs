using Microsoft.Data.Sqlite;

namespace PortableService.Closure.Nix;

/// <summary>
/// Nix's store database, read-only: <c>ValidPaths(id, path, ...)</c> and <c>Refs(referrer, reference)</c>. Opened
/// with SQLite's read-only mode, which still reads the write-ahead log, so paths Nix registered a moment ago are seen.
/// </summary>
internal sealed class NixDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _idOf;
    private readonly SqliteCommand _referencesOf;

    private NixDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _idOf = connection.CreateCommand();
        _idOf.CommandText = "SELECT id FROM ValidPaths WHERE path = $path";
        _idOf.Parameters.Add("$path", SqliteType.Text);
        _referencesOf = connection.CreateCommand();
        _referencesOf.CommandText = "SELECT v.path FROM Refs r JOIN ValidPaths v ON v.id = r.reference WHERE r.referrer = $id ORDER BY v.path";
        _referencesOf.Parameters.Add("$id", SqliteType.Integer);
    }

    public string Path { get; }

    /// <summary>Opens the database read-only and checks that it has Nix's tables.</summary>
    /// <exception cref="SqliteException">It cannot be opened or is not a Nix database.</exception>
    /// <exception cref="IOException">It does not exist.</exception>
    public static NixDatabase Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist", path);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('ValidPaths', 'Refs')";
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) != 2)
            {
                throw new InvalidDataException($"{path} has no ValidPaths and Refs tables: not a Nix database");
            }

            return new NixDatabase(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The references of a valid path (itself included when it refers to itself); null when the path is not valid.</summary>
    public IReadOnlyList<string>? ReferencesOf(string storePath)
    {
        _idOf.Parameters["$path"].Value = storePath;
        var id = _idOf.ExecuteScalar();
        if (id is null or DBNull)
        {
            return null;
        }

        _referencesOf.Parameters["$id"].Value = id;
        var references = new List<string>();
        using var reader = _referencesOf.ExecuteReader();
        while (reader.Read())
        {
            references.Add(reader.GetString(0));
        }

        return references;
    }

    public void Dispose()
    {
        _idOf.Dispose();
        _referencesOf.Dispose();
        _connection.Dispose();
    }
}
