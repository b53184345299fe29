using PortableService.Closure.Nix;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>A store directory made by hand, without Nix or a database: for the reference scan.</summary>
internal sealed class FakeStore : IDisposable
{
    private readonly TempDirectory _temp = new("ps-fake-store-");
    private readonly Random _random = new(1234);

    public FakeStore()
    {
        System.IO.Directory.CreateDirectory(StoreDirectory);
    }

    public string StoreDirectory => _temp.Combine("store");

    public string NewHash() => new(Enumerable.Range(0, 32).Select(_ => NixBase32.Alphabet[_random.Next(32)]).ToArray());

    public string PathFor(string name) => Path.Combine(StoreDirectory, NewHash() + "-" + name);

    /// <summary>A store path that is a single file.</summary>
    public string File(string name, string content)
    {
        var path = PathFor(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A store path that is a directory with the given files (relative path → content).</summary>
    public string Directory(string name, params (string Path, string Content)[] files)
    {
        var path = PathFor(name);
        System.IO.Directory.CreateDirectory(path);
        foreach (var (relative, content) in files)
        {
            var file = System.IO.Path.Combine(path, relative);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            System.IO.File.WriteAllText(file, content);
        }

        return path;
    }

    public void Dispose() => _temp.Dispose();
}
