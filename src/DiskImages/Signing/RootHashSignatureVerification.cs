using System.Security.Cryptography.X509Certificates;

namespace DiskImages.Signing;

/// <summary>The outcome of checking a root hash signature against trusted certificates.</summary>
/// <param name="IsValid">True when a trusted certificate's key made the signature over this root hash.</param>
/// <param name="Signer">The trusted certificate whose key made it, when one did.</param>
/// <param name="Problem">Why the signature is not accepted, in a sentence; null when valid.</param>
public sealed record RootHashSignatureVerification(bool IsValid, X509Certificate2? Signer, string? Problem);
