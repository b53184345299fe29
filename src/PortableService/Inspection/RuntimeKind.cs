namespace PortableService.Inspection;

/// <summary>What a service's program runs on, as far as the profile checks care.</summary>
public enum RuntimeKind
{
    /// <summary>Compiled code, or an interpreter without a JIT that needs writable executable memory.</summary>
    Native,

    /// <summary>.NET on CoreCLR (framework-dependent or self-contained): a JIT.</summary>
    DotNetJit,

    /// <summary>A JVM, V8/node, LuaJIT or Mono: a JIT.</summary>
    OtherJit,
}
