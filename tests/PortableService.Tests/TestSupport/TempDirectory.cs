namespace PortableService.Tests.TestSupport;

/// <summary>A fresh directory under the system temp directory, deleted with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ps-spec-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> (creating parents) and returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        string full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(Combine(relativePath)).FullName;

    public string Symlink(string relativePath, string target)
    {
        string full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return full;
    }

    public string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
