using System.Text.Json;
using System.Text;
using PortableService.Diagnostics;
using PortableService.Validation;

namespace PortableService.Spec;

/// <summary>
/// Reads a portable service spec from JSON. Keys are nixpkgs' names: <c>pname</c>, <c>version</c>, <c>units</c>,
/// <c>description</c>, <c>homepage</c>, <c>symlinks</c>, <c>contents</c>, <c>squashfsTools</c> (or its newer spelling
/// <c>squashfs-tools</c>), <c>squash-compression</c>, <c>squash-block-size</c>, plus <c>osRelease</c> (extra
/// os-release fields) and an ignored <c>$schema</c>. Comments and trailing commas are allowed.
/// </summary>
/// <remarks>
/// <para>A unit is a path string, <c>{"path": ...}</c> or <c>{"name": ..., "text": ...}</c>; a content item a path
/// string or <c>{"source": ..., "target": ...}</c>; a symlink <c>{"object": ..., "symlink": ...}</c>.</para>
/// <para>Relative host paths (units, contents' sources, symlinks' objects, squashfsTools) are relative to the directory
/// of the spec file, and come back absolute. Every problem is collected (PS10xx diagnostics naming JSON paths); the
/// rules on values (names, files, clashes) are <see cref="SpecValidator"/>'s.</para>
/// </remarks>
public static class SpecReader
{
    /// <summary>The keys a spec object may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = SpecJsonWalker.RootKeys;

    /// <summary>A spec is a few kilobytes; a file far larger is not one (and is not read into memory).</summary>
    private const long MaxSpecFileBytes = 16 << 20;

    /// <summary>Reads the spec file at <paramref name="path"/>; relative paths in it are relative to its directory.</summary>
    public static SpecReadResult ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Unreadable(path) is { } problem)
        {
            return problem;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Fatal(SpecDiagnosticCodes.SpecFileUnreadable, string.Format(CultureInfo.InvariantCulture, SpecMessages.SpecFileUnreadable, path, e.Message), path);
        }

        return Read(bytes, Path.GetDirectoryName(Path.GetFullPath(path))!, path);
    }

    /// <inheritdoc cref="ReadFile"/>
    public static async Task<SpecReadResult> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Unreadable(path) is { } problem)
        {
            return problem;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Fatal(SpecDiagnosticCodes.SpecFileUnreadable, string.Format(CultureInfo.InvariantCulture, SpecMessages.SpecFileUnreadable, path, e.Message), path);
        }

        return Read(bytes, Path.GetDirectoryName(Path.GetFullPath(path))!, path);
    }

    /// <summary>
    /// Reads a spec from UTF-8 JSON. Relative host paths are resolved against <paramref name="baseDirectory"/>;
    /// <paramref name="sourceName"/> (a file name) prefixes the location of syntax errors.
    /// </summary>
    public static SpecReadResult Read(ReadOnlySpan<byte> utf8Json, string baseDirectory, string? sourceName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8Json.StartsWith(bom))
        {
            utf8Json = utf8Json[bom.Length..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            // The JSON reader checks structure, not the bytes inside strings; the walker would fail on them later.
            int offset = FirstInvalidUtf8(utf8Json);
            int invalidLine = utf8Json[..offset].Count((byte)'\n');
            int lineStart = utf8Json[..offset].LastIndexOf((byte)'\n') + 1;
            string where = sourceName is null ? JsonPath.Root : $"{sourceName}:{invalidLine + 1}:{Column(utf8Json, invalidLine, offset - lineStart)}";
            return Fatal(
                SpecDiagnosticCodes.JsonSyntax,
                string.Format(CultureInfo.InvariantCulture, SpecMessages.JsonSyntax, sourceName is null ? "The spec" : $"The spec file '{sourceName}'", invalidLine + 1, Column(utf8Json, invalidLine, offset - lineStart), $"the byte 0x{utf8Json[offset]:X2} is not UTF-8; save the file as UTF-8."),
                where);
        }

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), options);
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = Column(utf8Json, line - 1, (int)(e.BytePositionInLine ?? 0));
            string location = sourceName is null ? JsonPath.Root : $"{sourceName}:{line}:{column}";
            string why = utf8Json.Trim(" \t\r\n"u8).IsEmpty ? "it is empty; write the spec's object, such as {\"pname\": \"hello\", \"version\": \"1.0\", \"units\": [\"hello.service\"]}." : Explain(e);
            return Fatal(SpecDiagnosticCodes.JsonSyntax, string.Format(CultureInfo.InvariantCulture, SpecMessages.JsonSyntax, sourceName is null ? "The spec" : $"The spec file '{sourceName}'", line, column, why), location);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fatal(
                    SpecDiagnosticCodes.RootNotObject,
                    string.Format(CultureInfo.InvariantCulture, SpecMessages.RootNotObject, JsonPath.Describe(document.RootElement.ValueKind)),
                    JsonPath.Root);
            }

            var walker = new SpecJsonWalker();
            PortableServiceSpec spec;
            try
            {
                spec = walker.ReadRoot(document.RootElement).ResolvePaths(baseDirectory);
            }
            catch (InvalidOperationException)
            {
                // JSON allows "\ud800" alone; no .NET string (and no file name) can hold half a surrogate pair.
                return Fatal(SpecDiagnosticCodes.JsonSyntax, string.Format(CultureInfo.InvariantCulture, SpecMessages.LoneSurrogate, sourceName is null ? "The spec" : $"The spec file '{sourceName}'"), sourceName ?? JsonPath.Root);
            }

            return new SpecReadResult(spec, walker.Diagnostics);
        }
    }

    /// <inheritdoc cref="Read(ReadOnlySpan{byte}, string, string?)"/>
    public static SpecReadResult Read(string json, string baseDirectory, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), baseDirectory, sourceName);
    }

    /// <summary>Reads the spec file and throws <see cref="DiagnosticException"/> when it has reading errors.</summary>
    public static PortableServiceSpec ReadFileOrThrow(string path)
    {
        SpecReadResult result = ReadFile(path);
        return result.HasErrors ? throw new DiagnosticException(result.Diagnostics) : result.Spec;
    }

    /// <summary>Why the spec file cannot be read, checked before opening it: a FIFO or device would block or never end.</summary>
    private static SpecReadResult? Unreadable(string path)
    {
        var probe = FileProbe.Of(path);
        var why = probe.TargetKind switch
        {
            FileKind.Regular when probe.TargetSize > MaxSpecFileBytes => $"it is {probe.TargetSize} bytes, more than a spec may have ({MaxSpecFileBytes}); give the spec's JSON file.",
            FileKind.Regular => null,
            FileKind.Directory => "it is a directory; give the spec's JSON file.",
            FileKind.Missing => "it does not exist.",
            var kind => $"it is a {FileProbe.Describe(kind)}, not a regular file; give the spec's JSON file.",
        };
        return why is null ? null : Fatal(SpecDiagnosticCodes.SpecFileUnreadable, string.Format(CultureInfo.InvariantCulture, SpecMessages.SpecFileUnreadable, path, why), path);
    }

    private static SpecReadResult Fatal(string code, string message, string location) =>
        new(new PortableServiceSpec(string.Empty, string.Empty, []), [new Diagnostic(code, DiagnosticSeverity.Error, message, location)]) { IsFatal = true };

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    /// <summary>The 1-based column, in characters, of a byte offset into a 0-based line.</summary>
    private static int Column(ReadOnlySpan<byte> utf8, int line, int bytePosition)
    {
        int start = 0;
        for (int i = 0; i < line; i++)
        {
            int newline = utf8[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return bytePosition + 1;
            }

            start += newline + 1;
        }

        int length = Math.Min(bytePosition, utf8.Length - start);
        int characters = 0;
        ReadOnlySpan<byte> prefix = utf8.Slice(start, length);
        while (!prefix.IsEmpty)
        {
            Rune.DecodeFromUtf8(prefix, out _, out int consumed); // Invalid bytes count as one character each.
            prefix = prefix[Math.Max(consumed, 1)..];
            characters++;
        }

        return characters + 1;
    }

    /// <summary>The reader's message without its own "LineNumber: ... | BytePositionInLine: ..." tail.</summary>
    private static string Explain(JsonException e)
    {
        string message = e.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (tail < 0)
        {
            tail = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        message = (tail >= 0 ? message[..tail] : message).Trim();
        return message.EndsWith('.') ? message : message + ".";
    }
}
