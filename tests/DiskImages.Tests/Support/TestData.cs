namespace DiskImages.Tests.Support;

/// <summary>Reproducible pseudo-random content for data files.</summary>
internal static class TestData
{
    public static byte[] Bytes(long length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string File(TempDirectory directory, string name, long length, int seed = 1)
    {
        var path = directory.Combine(name);
        System.IO.File.WriteAllBytes(path, Bytes(length, seed));
        return path;
    }
}
