namespace PortableService.Tests.TestSupport;

/// <summary>Files of this repository that tests use, such as the examples.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Join(Root, "examples", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "PortableService.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with PortableService.slnx) is not above the test binaries.");
    }
}
