using DiskImages.Gpt;
using DiskImages.Signing;
using DiskImages.Verity;
using PortableService.Spec;
using Squashfs;

namespace PortableService.Building;

/// <summary>
/// Seals and packages a squashfs image, and publishes the result: the naked image (with verity sidecars when asked
/// for) or a discoverable disk image. Everything is written to temporary files first and renamed only when all of it
/// succeeded (sidecars, then the image), so on any error or cancellation nothing new is left and an older image and
/// its sidecars stay as they were; sidecars of an older build that this one does not replace are removed last.
/// </summary>
internal static class ImagePackager
{
    /// <summary>dm-verity hashes whole 4 KiB blocks; the kernel and veritysetup refuse anything else.</summary>
    private const int VerityBlockSize = 4096;

    /// <summary>
    /// Calls <paramref name="writeSquashfs"/> with a temporary path to write the squashfs image to, seals and packages
    /// it as <paramref name="sealing"/> says, and publishes it at <paramref name="imagePath"/>.
    /// </summary>
    public static SealedImage Publish(string imagePath, ImageSealing sealing, int parallelism, Action<string> writeSquashfs, CancellationToken cancellationToken)
    {
        var sealedImage = AtomicFile.Write(imagePath, temporary =>
        {
            // A DDI is written around the squashfs, so the squashfs goes to a temporary of its own.
            var squashfs = sealing.Format == ImageFormat.Ddi ? temporary + ".root" : temporary;
            try
            {
                writeSquashfs(squashfs);
                cancellationToken.ThrowIfCancellationRequested();
                if (!sealing.Verity)
                {
                    return SealedImage.None;
                }

                PadToVerityBlock(squashfs);
                var verity = new VerityOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
                using var key = sealing.Certificate is { } certificate ? SigningKeyFiles.Load(certificate, sealing.PrivateKey) : null;
                if (sealing.Format == ImageFormat.Squashfs)
                {
                    return VeritySidecars.Write(squashfs, imagePath, verity, key, cancellationToken);
                }

                var options = new PortableDiskImageOptions { Architecture = sealing.Architecture, SigningKey = key, Verity = verity };
                var disk = PortableDiskImage.Write(squashfs, temporary, options);
                cancellationToken.ThrowIfCancellationRequested();
                return new SealedImage(disk.Verity.RootHashHex, [], disk.Signature is not null);
            }
            finally
            {
                if (squashfs != temporary)
                {
                    File.Delete(squashfs);
                }
            }
        });
        VeritySidecars.RemoveStale(imagePath, sealedImage.Sidecars);
        return sealedImage;
    }

    /// <summary>
    /// Pads the image with zeros to whole verity blocks. The native writer and mksquashfs already pad to 4 KiB (unless
    /// mksquashfs is told -nopad); squashfs ignores what follows its bytes_used, so padding never changes the content.
    /// </summary>
    private static void PadToVerityBlock(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var remainder = stream.Length % VerityBlockSize;
        if (remainder != 0)
        {
            stream.SetLength(stream.Length + VerityBlockSize - remainder);
        }
    }
}
