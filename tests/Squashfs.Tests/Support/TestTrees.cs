using System.Text;
using Squashfs.Interop;

namespace Squashfs.Tests.Support;

/// <summary>Host directory trees with the cases a squashfs writer gets wrong, plus seeded random content.</summary>
public static class TestTrees
{
    public const int SmallBlock = 4096;

    /// <summary>
    /// Every inode kind and the edge cases: empty files, exact block multiples, 1-byte tails, sparse files, 256-byte
    /// names, hard links, deep nesting, special modes and owners, devices, a FIFO and a socket.
    /// </summary>
    public static void CreateEdgeCases(string root, int blockSize = SmallBlock, bool withSocket = true)
    {
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Join(root, "empty"), []);
        File.WriteAllBytes(Path.Join(root, "one-byte"), [42]);
        File.WriteAllBytes(Path.Join(root, "exact-block"), Random(1, blockSize));
        File.WriteAllBytes(Path.Join(root, "exact-3-blocks"), Random(2, blockSize * 3));
        File.WriteAllBytes(Path.Join(root, "block-plus-one"), Random(3, blockSize + 1));
        File.WriteAllBytes(Path.Join(root, "compressible"), Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello squashfs ", 5000))));
        File.WriteAllBytes(Path.Join(root, "zeros"), new byte[blockSize * 2 + 17]);
        using (var sparse = new FileStream(Path.Join(root, "sparse"), FileMode.CreateNew))
        {
            sparse.SetLength(blockSize * 8L);
            sparse.Position = blockSize * 3L;
            sparse.Write(Random(4, 100));
        }

        File.WriteAllText(Path.Join(root, new string('n', 254) + "x"), "longest name");
        File.WriteAllText(Path.Join(root, "ünïcödé ñame"), "utf-8");
        var deep = root;
        for (var i = 0; i < 40; i++)
        {
            deep = Path.Join(deep, "d" + i);
        }

        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Join(deep, "bottom"), "deep");
        Directory.CreateDirectory(Path.Join(root, "empty-dir"));

        File.WriteAllText(Path.Join(root, "linked"), "shared inode");
        UnixNative.CreateHardLink(Path.Join(root, "linked"), Path.Join(root, "linked-again"));
        Directory.CreateDirectory(Path.Join(root, "sub"));
        UnixNative.CreateHardLink(Path.Join(root, "linked"), Path.Join(root, "sub", "linked-third"));

        File.CreateSymbolicLink(Path.Join(root, "symlink-relative"), "sub/linked-third");
        File.CreateSymbolicLink(Path.Join(root, "symlink-absolute"), "/etc/os-release");
        File.CreateSymbolicLink(Path.Join(root, "symlink-dangling"), "does/not/exist");

        var setuid = Path.Join(root, "setuid");
        File.WriteAllText(setuid, "#!/bin/sh\n");
        var sticky = Path.Join(root, "sticky");
        Directory.CreateDirectory(sticky);
        UnixNative.CreateFifo(Path.Join(root, "fifo"), (UnixFileMode)0b110_100_000);
        File.SetUnixFileMode(Path.Join(root, "fifo"), (UnixFileMode)0b110_100_000);
        if (withSocket)
        {
            SocketNode.Create(Path.Join(root, "socket"), (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path.Join(root, "socket"), (UnixFileMode)0b111_101_101);
        }

        var owned = Path.Join(root, "owned-by-1000");
        File.WriteAllText(owned, "owner");
        if (UnixNative.IsRoot)
        {
            UnixNative.CreateDevice(Path.Join(root, "null-device"), block: false, 1, 3, (UnixFileMode)0b110_110_110);
            UnixNative.CreateDevice(Path.Join(root, "block-device"), block: true, 7, 300, (UnixFileMode)0b110_110_000);
            File.SetUnixFileMode(Path.Join(root, "null-device"), (UnixFileMode)0b110_110_110);
            UnixNative.SetOwner(owned, 1000, 1001);
            UnixNative.SetOwner(Path.Join(root, "sub"), 65534, 65534);
        }

        // After chown, which clears setuid/setgid.
        File.SetUnixFileMode(setuid, (UnixFileMode)0b110_111_101_101);
        File.SetUnixFileMode(sticky, (UnixFileMode)0b001_111_111_111);
        File.SetUnixFileMode(Path.Join(root, "empty"), (UnixFileMode)0b100_000_000);
        SetTimes(root, 1_700_000_000);
    }

    /// <summary>Seeded random files and directories of assorted sizes around the block size.</summary>
    public static void CreateRandom(string root, int seed, int files, int blockSize = SmallBlock)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(root);
        var directories = new List<string> { root };
        for (var i = 0; i < files; i++)
        {
            if (random.Next(8) == 0)
            {
                var dir = Path.Join(directories[random.Next(directories.Count)], $"dir{i}");
                Directory.CreateDirectory(dir);
                directories.Add(dir);
                continue;
            }

            var size = random.Next(5) switch
            {
                0 => random.Next(0, 64),
                1 => random.Next(blockSize - 2, blockSize + 2),
                2 => random.Next(0, blockSize * 4),
                3 => blockSize * random.Next(1, 4),
                _ => random.Next(0, blockSize / 2),
            };
            var data = new byte[size];
            if (random.Next(2) == 0)
            {
                random.NextBytes(data);
            }
            else
            {
                Array.Fill(data, (byte)('a' + random.Next(26)));
            }

            File.WriteAllBytes(Path.Join(directories[random.Next(directories.Count)], $"file{i}"), data);
        }

        // Identical files, so deduplication has something to find.
        File.WriteAllBytes(Path.Join(root, "dup-a"), Random(seed, blockSize * 2 + 5));
        File.WriteAllBytes(Path.Join(root, "dup-b"), Random(seed, blockSize * 2 + 5));
        SetTimes(root, (uint)(1_600_000_000 + seed));
    }

    public static byte[] Random(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Fixes mtimes so that trees compare across copies (and directories keep theirs after being filled).</summary>
    public static void SetTimes(string root, uint seconds)
    {
        var all = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
        foreach (var path in all.OrderByDescending(p => p.Length))
        {
            UnixNative.SetModificationTime(path, seconds);
        }
    }
}
