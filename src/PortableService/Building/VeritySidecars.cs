using System.Text;
using DiskImages.Signing;
using DiskImages.Verity;

namespace PortableService.Building;

/// <summary>
/// The files systemd looks for beside a naked image <c>NAME.raw</c>: <c>NAME.verity</c> (the hash tree with its
/// superblock), <c>NAME.roothash</c> (lowercase hex and a newline) and <c>NAME.roothash.p7s</c> (the signature).
/// </summary>
internal static class VeritySidecars
{
    private const string RawSuffix = ".raw";

    /// <summary>The sidecar paths of an image, in the order they are published: hash tree, root hash, signature.</summary>
    public static (string Verity, string RootHash, string Signature) PathsOf(string imagePath)
    {
        var name = imagePath.EndsWith(RawSuffix, StringComparison.Ordinal) ? imagePath[..^RawSuffix.Length] : imagePath;
        return (name + ".verity", name + ".roothash", name + ".roothash.p7s");
    }

    /// <summary>
    /// Writes the hash tree of <paramref name="data"/> and the root hash (signed with <paramref name="key"/> when
    /// given) to temporary files beside <paramref name="imagePath"/>, then renames them to their names. On any failure
    /// or cancellation before the renames, the temporaries are removed and nothing is changed.
    /// </summary>
    public static SealedImage Write(string data, string imagePath, VerityOptions verity, SigningKey? key, CancellationToken cancellationToken)
    {
        var (verityPath, rootHashPath, signaturePath) = PathsOf(imagePath);
        var files = new List<(string Temporary, string Target)>();
        try
        {
            var hashTree = Temporary(verityPath, files);
            var result = VerityHashTree.Format(data, hashTree, verity, cancellationToken);
            File.WriteAllText(Temporary(rootHashPath, files), result.RootHashHex + "\n", Encoding.ASCII);
            if (key is not null)
            {
                File.WriteAllBytes(Temporary(signaturePath, files), RootHashSigner.Sign(result.RootHash.AsSpan(), key));
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (temporary, target) in files)
            {
                File.Move(temporary, target, overwrite: true);
            }

            return new SealedImage(result.RootHashHex, [.. files.Select(f => f.Target)], key is not null);
        }
        finally
        {
            foreach (var (temporary, _) in files)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Removes sidecars of an older build that this one did not write: systemd would pair them with the new image.</summary>
    public static void RemoveStale(string imagePath, IReadOnlyList<string> written)
    {
        var (verity, rootHash, signature) = PathsOf(imagePath);
        foreach (var path in new[] { verity, rootHash, signature }.Except(written, StringComparer.Ordinal))
        {
            File.Delete(path);
        }
    }

    private static string Temporary(string target, List<(string Temporary, string Target)> files)
    {
        var temporary = Path.Join(Path.GetDirectoryName(target), $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        files.Add((temporary, target));
        return temporary;
    }
}
