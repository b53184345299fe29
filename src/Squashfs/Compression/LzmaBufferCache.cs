using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>
/// An lzma_allocator that keeps the buffers liblzma frees and hands them back when it asks for the same sizes again.
/// Every block gets a new encoder (or decoder) of the same sizes; through malloc, glibc gives those megabytes back to the kernel
/// between blocks, and each block then pays page faults and zeroing for them again (1.5 s of system time over the
/// .NET runtime folder at xz 128K). One cache per compressor, used by one thread at a time; its memory, at most what
/// one encoder needs, is freed when the compressor is disposed. A SafeHandle (over the lzma_allocator) so that a cache
/// whose owner was never disposed is still freed, once, by the runtime.
/// </summary>
internal sealed unsafe class LzmaBufferCache : SafeHandle
{
    private readonly Dictionary<nuint, Stack<nint>> _free = [];
    private readonly Dictionary<nint, nuint> _sizes = [];
    private readonly GCHandle _self;

    public LzmaBufferCache()
        : base(0, ownsHandle: true)
    {
        // Weak: liblzma only calls back while the compressor that owns this cache is encoding, so it is alive then.
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        var allocator = (LibLzma.Allocator*)NativeMemory.Alloc((nuint)sizeof(LibLzma.Allocator));
        *allocator = new LibLzma.Allocator { Alloc = &Alloc, Free = &Free, Opaque = (void*)GCHandle.ToIntPtr(_self) };
        SetHandle((nint)allocator);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The lzma_allocator to pass to liblzma; valid until this cache is disposed.</summary>
    public LibLzma.Allocator* Allocator
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return (LibLzma.Allocator*)handle;
        }
    }

    /// <summary>Frees the cached buffers and the allocator; liblzma holds none of them once its coder has ended.</summary>
    protected override bool ReleaseHandle()
    {
        foreach (var pointer in _free.Values.SelectMany(stack => stack))
        {
            NativeMemory.Free((void*)pointer);
        }

        NativeMemory.Free((void*)handle);
        _self.Free();
        return true;
    }

    [UnmanagedCallersOnly]
    private static void* Alloc(void* opaque, nuint count, nuint size)
    {
        // An exception must not unwind into liblzma: failure is a null pointer, which it reports as LZMA_MEM_ERROR.
        try
        {
            if (size != 0 && count > nuint.MaxValue / size)
            {
                return null;
            }

            return From(opaque).Rent(count * size);
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    [UnmanagedCallersOnly]
    private static void Free(void* opaque, void* pointer)
    {
        if (pointer != null)
        {
            From(opaque).Return((nint)pointer);
        }
    }

    private static LzmaBufferCache From(void* opaque) => (LzmaBufferCache)GCHandle.FromIntPtr((nint)opaque).Target!;

    private void* Rent(nuint size)
    {
        if (_free.TryGetValue(size, out var stack) && stack.TryPop(out var cached))
        {
            return (void*)cached;
        }

        void* pointer = NativeMemory.Alloc(Math.Max(size, 1));
        _sizes[(nint)pointer] = size;
        return pointer;
    }

    private void Return(nint pointer)
    {
        var size = _sizes[pointer];
        if (!_free.TryGetValue(size, out var stack))
        {
            _free[size] = stack = new Stack<nint>();
        }

        stack.Push(pointer);
    }
}
