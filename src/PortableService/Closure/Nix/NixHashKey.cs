namespace PortableService.Closure.Nix;

/// <summary>A store path's 32-character hash part packed into 160 bits, to look up without allocating.</summary>
internal readonly record struct NixHashKey(ulong A, ulong B, ulong C);
