using DiskImages.Tests.Support;

namespace DiskImages.Tests.Verity;

/// <summary>Runs veritysetup and reads what it prints.</summary>
internal static class Veritysetup
{
    /// <summary><c>veritysetup format</c> with a fixed salt and UUID; returns the root hash it prints.</summary>
    public static string Format(string data, string hash, byte[] salt, Guid uuid)
    {
        var output = ExternalTool.RunChecked("veritysetup", "format", $"--salt={(salt.Length == 0 ? "-" : Convert.ToHexStringLower(salt))}", $"--uuid={uuid}", data, hash).Stdout;
        return Field(output, "Root hash");
    }

    public static ExternalTool.Result Verify(string data, string hash, string rootHash) => ExternalTool.Run("veritysetup", "verify", data, hash, rootHash);

    /// <summary>The fields of <c>veritysetup dump</c>, by name.</summary>
    public static Dictionary<string, string> Dump(string hash)
    {
        var output = ExternalTool.RunChecked("veritysetup", "dump", hash).Stdout;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
    }

    private static string Field(string output, string name) =>
        output.Split('\n').Select(line => line.Split(':', 2)).First(parts => parts[0].Trim() == name)[1].Trim();
}
