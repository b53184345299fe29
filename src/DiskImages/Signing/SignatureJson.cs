using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace DiskImages.Signing;

/// <summary>
/// The content of a discoverable disk image's root-verity-sig partition, as systemd-repart writes it and
/// systemd-dissect reads it: UTF-8 JSON <c>{"rootHash", "certificateFingerprint", "signature"}</c>, padded with NUL
/// bytes to the partition's size.
/// </summary>
/// <param name="RootHash">The root hash, lowercase hex.</param>
/// <param name="CertificateFingerprint">SHA-256 of the signing certificate's DER encoding, lowercase hex.</param>
/// <param name="Signature">The DER PKCS#7 signature over the root hash's hex text.</param>
public sealed record SignatureJson(string RootHash, string CertificateFingerprint, byte[] Signature)
{
    /// <summary>The document for a root hash, the certificate that signed it and the signature.</summary>
    public static SignatureJson Create(ReadOnlySpan<byte> rootHash, X509Certificate2 certificate, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(signature);
        return new SignatureJson(Convert.ToHexStringLower(rootHash), Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), signature);
    }

    /// <summary>The root hash's bytes.</summary>
    /// <exception cref="InvalidDataException"><see cref="RootHash"/> is not hex.</exception>
    public byte[] GetRootHashBytes()
    {
        try
        {
            return Convert.FromHexString(RootHash);
        }
        catch (FormatException)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.SignatureJsonBad, "rootHash is not hex"));
        }
    }

    /// <summary>The compact UTF-8 JSON, without padding.</summary>
    public byte[] ToUtf8()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("rootHash", RootHash);
            writer.WriteString("certificateFingerprint", CertificateFingerprint);
            writer.WriteBase64String("signature", Signature);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the partition content: the JSON, then nothing but NUL bytes.</summary>
    /// <exception cref="InvalidDataException">The content is not such a JSON object.</exception>
    public static SignatureJson Parse(ReadOnlySpan<byte> content)
    {
        var end = content.IndexOf((byte)0);
        var json = end < 0 ? content : content[..end];
        if (end >= 0 && content[end..].ContainsAnyExcept((byte)0))
        {
            throw Bad($"bytes other than NUL follow the JSON at offset {end}");
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("not a JSON object");
            }

            return new SignatureJson(
                Text(root, "rootHash"),
                Text(root, "certificateFingerprint"),
                root.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.String && signature.TryGetBytesFromBase64(out var bytes)
                    ? bytes
                    : throw Bad("signature is missing or not base64"));
        }
        catch (JsonException error)
        {
            throw Bad(error.Message);
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Bad($"{name} is missing or not a string");

    private static InvalidDataException Bad(string why) => new(string.Format(CultureInfo.InvariantCulture, Strings.SignatureJsonBad, why));
}
