using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DiskImages.Signing;

/// <summary>
/// Signs a verity root hash the way systemd expects it in <c>NAME.roothash.p7s</c> and in a signature partition: a
/// detached PKCS#7 signed-data structure in DER over the root hash's lowercase hex text without a newline, with
/// SHA-256, no signed attributes and no certificates. The bytes are those of
/// <c>openssl smime -sign -nocerts -noattr -binary -outform DER</c>, field for field.
/// </summary>
/// <remarks>
/// With an RSA key the signature is PKCS#1 v1.5, which is deterministic: the same key and root hash give the same
/// bytes, so signed builds stay reproducible. With an EC key it is ECDSA, which draws a random nonce for every
/// signature: each signing gives different bytes, all of them valid, and the build is no longer bit-for-bit
/// reproducible in its signature.
/// </remarks>
public static class RootHashSigner
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>Signs the root hash; returns the DER-encoded PKCS#7 signature.</summary>
    /// <exception cref="ArgumentException">The root hash is empty.</exception>
    /// <exception cref="NotSupportedException">The key is neither RSA nor EC.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> rootHash, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (rootHash.IsEmpty)
        {
            throw new ArgumentException(Strings.RootHashEmpty, nameof(rootHash));
        }

        var content = SignedContent(rootHash);
        var certificate = key.Certificate;
        byte[] signature;
        string signatureOid;
        using (var rsa = certificate.GetRSAPrivateKey())
        using (var ecdsa = rsa is null ? certificate.GetECDsaPrivateKey() : null)
        {
            (signature, signatureOid) = (rsa, ecdsa) switch
            {
                ({ } r, _) => (r.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), RsaEncryptionOid),
                (_, { } e) => (e.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), EcdsaWithSha256Oid),
                _ => throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.UnsupportedKeyAlgorithm, certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value)),
            };
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, Sha256Oid, nullParameters: true);
                }

                // The content info names the data but does not carry it: the signature is detached.
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DataOid);
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(certificate.IssuerName.RawData);
                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }

                    WriteAlgorithm(writer, Sha256Oid, nullParameters: true);
                    // As openssl writes them: rsaEncryption with NULL parameters, ecdsa-with-SHA256 without any.
                    WriteAlgorithm(writer, signatureOid, nullParameters: signatureOid == RsaEncryptionOid);
                    writer.WriteOctetString(signature);
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>What is signed: the root hash as lowercase hex ASCII, no newline.</summary>
    internal static byte[] SignedContent(ReadOnlySpan<byte> rootHash) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(rootHash));

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool nullParameters)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }
    }
}
