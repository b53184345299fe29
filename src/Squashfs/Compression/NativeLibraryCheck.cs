using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>
/// Turns a missing native codec library into a <see cref="NotSupportedException"/> that says how to install it, at
/// the moment a compressor is created rather than at its first block.
/// </summary>
internal static class NativeLibraryCheck
{
    private static readonly ConcurrentDictionary<string, bool> s_loaded = new();

    public static void EnsureLoaded(string library, string compressor, string debianPackage, string fedoraPackage)
    {
        if (!s_loaded.GetOrAdd(library, name => NativeLibrary.TryLoad(name, typeof(NativeLibraryCheck).Assembly, null, out _)))
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.NativeLibraryMissing, compressor, library, debianPackage, fedoraPackage));
        }
    }
}
