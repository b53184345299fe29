using System.Globalization;
using System.Text.Json;
using PortableService.Diagnostics;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Spec;

/// <summary>
/// Turns a parsed spec document into a <see cref="PortableServiceSpec"/>, collecting every structural problem
/// (unknown or duplicate keys, wrong types, incomplete items). Values it cannot read become empty placeholders.
/// </summary>
internal sealed class SpecJsonWalker
{
    public static readonly IReadOnlyList<string> RootKeys =
    [
        "pname", "version", "units", "description", "homepage", "symlinks", "contents",
        "squashfsTools", "squashfs-tools", "squash-compression", "squash-block-size", "osRelease", "allowMissing", "profile",
        "verity", "privateKey", "certificate", "format", "architecture", "type", "base", "versioned",
    ];

    private static readonly IReadOnlyList<string> UnitKeys = ["path", "name", "text"];
    private static readonly IReadOnlyList<string> SymlinkKeys = ["object", "symlink"];
    private static readonly IReadOnlyList<string> ContentKeys = ["source", "target", "exclude", "allowDevices", "allowSetId"];

    private readonly List<Diagnostic> _diagnostics = [];

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public PortableServiceSpec ReadRoot(JsonElement root)
    {
        var spec = new PortableServiceSpec(string.Empty, string.Empty, []);
        string? toolsKey = null;
        foreach ((string name, JsonElement value, string path) in Properties(root, JsonPath.Root, RootKeys, allowSchema: true))
        {
            switch (name)
            {
                case "pname":
                    spec = spec with { Pname = String(value, path, nullable: false) ?? string.Empty };
                    break;
                case "version":
                    spec = spec with { Version = String(value, path, nullable: false) ?? string.Empty };
                    break;
                case "units":
                    spec = spec with { Units = Units(value, path) };
                    break;
                case "description":
                    spec = spec with { Description = String(value, path, nullable: true) };
                    break;
                case "homepage":
                    spec = spec with { Homepage = String(value, path, nullable: true) };
                    break;
                case "symlinks":
                    spec = spec with { Symlinks = Symlinks(value, path) };
                    break;
                case "contents":
                    spec = spec with { Contents = Contents(value, path) };
                    break;
                case "squashfsTools" or "squashfs-tools":
                    if (toolsKey is not null)
                    {
                        Report(SpecDiagnosticCodes.ConflictingKeys, string.Format(CultureInfo.InvariantCulture, SpecMessages.SquashfsToolsBoth, path), path);
                    }

                    toolsKey = name;
                    spec = spec with { SquashfsTools = String(value, path, nullable: true) };
                    break;
                case "squash-compression":
                    spec = spec with { SquashCompression = String(value, path, nullable: true) ?? PortableServiceSpec.DefaultSquashCompression };
                    break;
                case "squash-block-size":
                    spec = spec with { SquashBlockSize = BlockSize(value, path) ?? PortableServiceSpec.DefaultSquashBlockSize };
                    break;
                case "osRelease":
                    spec = spec with { OsRelease = OsRelease(value, path) };
                    break;
                case "profile":
                    spec = spec with { Profile = String(value, path, nullable: true) };
                    break;
                case "allowMissing":
                    spec = spec with { AllowMissing = StringList(value, path, "an array of library names or paths") };
                    break;
                case "verity":
                    spec = spec with { Verity = Boolean(value, path) };
                    break;
                case "privateKey":
                    spec = spec with { PrivateKey = String(value, path, nullable: true) };
                    break;
                case "certificate":
                    spec = spec with { Certificate = String(value, path, nullable: true) };
                    break;
                case "format":
                    spec = spec with { Format = String(value, path, nullable: true) ?? PortableServiceSpec.DefaultFormat };
                    break;
                case "architecture":
                    spec = spec with { Architecture = String(value, path, nullable: true) };
                    break;
                case "type":
                    spec = spec with { Type = String(value, path, nullable: true) ?? PortableServiceSpec.DefaultType };
                    break;
                case "base":
                    spec = spec with { Base = String(value, path, nullable: true) };
                    break;
                case "versioned":
                    spec = spec with { Versioned = Boolean(value, path) };
                    break;
            }
        }

        return spec;
    }

    private List<UnitSource> Units(JsonElement value, string path)
    {
        var units = new List<UnitSource>();
        if (!IsArray(value, path, "an array of units (paths or objects with name and text)"))
        {
            return units;
        }

        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = JsonPath.Index(path, index++);
            units.Add(Unit(item, itemPath) ?? UnitSource.FromFile(string.Empty));
        }

        return units;
    }

    private UnitSource? Unit(JsonElement item, string path)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return UnitSource.FromFile(item.GetString()!);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            Report(SpecDiagnosticCodes.WrongType, string.Format(CultureInfo.InvariantCulture, SpecMessages.UnitItemWrongType, path, JsonPath.Describe(item.ValueKind)), path);
            return null;
        }

        string? unitPath = null, name = null, text = null;
        bool hasPath = false, hasName = false, hasText = false, ok = true;
        foreach ((string key, JsonElement value, string keyPath) in Properties(item, path, UnitKeys))
        {
            string? read = String(value, keyPath, nullable: false);
            ok &= read is not null;
            switch (key)
            {
                case "path":
                    (hasPath, unitPath) = (true, read);
                    break;
                case "name":
                    (hasName, name) = (true, read);
                    break;
                case "text":
                    (hasText, text) = (true, read);
                    break;
            }
        }

        if (hasPath && (hasName || hasText))
        {
            Report(SpecDiagnosticCodes.ConflictingKeys, string.Format(CultureInfo.InvariantCulture, SpecMessages.UnitItemConflict, path), path);
            return null;
        }

        if (!hasPath && !(hasName && hasText))
        {
            string missing = hasName ? "'text' is missing" : hasText ? "'name' is missing" : "it has neither";
            Report(SpecDiagnosticCodes.MissingKey, string.Format(CultureInfo.InvariantCulture, SpecMessages.UnitItemIncomplete, path, missing), path);
            return null;
        }

        if (!ok)
        {
            return null;
        }

        return hasPath ? UnitSource.FromFile(unitPath!) : UnitSource.Inline(name!, text!);
    }

    private List<SymlinkSpec> Symlinks(JsonElement value, string path)
    {
        var symlinks = new List<SymlinkSpec>();
        if (!IsArray(value, path, "an array of objects with object and symlink"))
        {
            return symlinks;
        }

        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = JsonPath.Index(path, index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                ReportType(itemPath, "an object with object and symlink", item);
                symlinks.Add(new SymlinkSpec(string.Empty, string.Empty));
                continue;
            }

            string? target = null, link = null;
            foreach ((string key, JsonElement field, string keyPath) in Properties(item, itemPath, SymlinkKeys))
            {
                string read = String(field, keyPath, nullable: false) ?? string.Empty;
                if (key == "object")
                {
                    target = read;
                }
                else
                {
                    link = read;
                }
            }

            RequireKey(target, itemPath, "object");
            RequireKey(link, itemPath, "symlink");
            symlinks.Add(new SymlinkSpec(target ?? string.Empty, link ?? string.Empty));
        }

        return symlinks;
    }

    private List<ContentSpec> Contents(JsonElement value, string path)
    {
        var contents = new List<ContentSpec>();
        if (!IsArray(value, path, "an array of paths or objects with source and target"))
        {
            return contents;
        }

        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = JsonPath.Index(path, index++);
            if (item.ValueKind == JsonValueKind.String)
            {
                contents.Add(new ContentSpec(item.GetString()!));
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                ReportType(itemPath, "a string or an object with source and target", item);
                contents.Add(new ContentSpec(string.Empty));
                continue;
            }

            string? source = null, target = null;
            List<string> exclude = [];
            bool allowDevices = false, allowSetId = false;
            foreach ((string key, JsonElement field, string keyPath) in Properties(item, itemPath, ContentKeys))
            {
                switch (key)
                {
                    case "source":
                        source = String(field, keyPath, nullable: false) ?? string.Empty;
                        break;
                    case "target":
                        target = String(field, keyPath, nullable: true);
                        break;
                    case "allowDevices":
                        allowDevices = Boolean(field, keyPath);
                        break;
                    case "allowSetId":
                        allowSetId = Boolean(field, keyPath);
                        break;
                    default:
                        exclude = StringList(field, keyPath, "an array of globs such as \"*.pdb\"");
                        break;
                }
            }

            RequireKey(source, itemPath, "source");
            contents.Add(new ContentSpec(source ?? string.Empty, target) { Exclude = exclude, AllowDevices = allowDevices, AllowSetId = allowSetId });
        }

        return contents;
    }

    private OrderedDictionary<string, string> OsRelease(JsonElement value, string path)
    {
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return fields;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            ReportType(path, "an object of os-release fields (\"KEY\": \"value\")", value);
            return fields;
        }

        foreach ((string key, JsonElement field, string keyPath) in Properties(value, path, known: null))
        {
            if (String(field, keyPath, nullable: false) is { } text)
            {
                fields[key] = text;
            }
        }

        return fields;
    }

    private string? BlockSize(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out long bytes))
            {
                return bytes.ToString(CultureInfo.InvariantCulture);
            }

            ReportType(path, "a string such as \"1M\" or a whole number of bytes", value);
            return null;
        }

        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
        {
            return value.GetString();
        }

        ReportType(path, "a string such as \"1M\" or a whole number of bytes", value);
        return null;
    }

    /// <summary>
    /// The object's properties, each once, with its JSON path. Unknown keys (when <paramref name="known"/> is given)
    /// and repeated keys are reported and skipped.
    /// </summary>
    private IEnumerable<(string Name, JsonElement Value, string Path)> Properties(
        JsonElement obj, string path, IReadOnlyList<string>? known, bool allowSchema = false)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string propertyPath = JsonPath.Property(path, property.Name);
            if (!seen.Add(property.Name))
            {
                Report(SpecDiagnosticCodes.DuplicateKey, string.Format(CultureInfo.InvariantCulture, SpecMessages.DuplicateKey, propertyPath, property.Name), propertyPath);
                continue;
            }

            if (allowSchema && property.Name == "$schema")
            {
                continue;
            }

            if (known is not null && !known.Contains(property.Name))
            {
                string? suggestion = KeySuggester.Suggest(property.Name, known);
                string message = suggestion is null
                    ? string.Format(CultureInfo.InvariantCulture, SpecMessages.UnknownKey, propertyPath, property.Name, JsonPath.ListKeys(known))
                    : string.Format(CultureInfo.InvariantCulture, SpecMessages.UnknownKeySuggestion, propertyPath, property.Name, suggestion);
                Report(SpecDiagnosticCodes.UnknownKey, message, propertyPath);
                continue;
            }

            yield return (property.Name, property.Value, propertyPath);
        }
    }

    private List<string> StringList(JsonElement value, string path, string expected)
    {
        var list = new List<string>();
        if (!IsArray(value, path, expected))
        {
            return list;
        }

        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            list.Add(String(item, JsonPath.Index(path, index++), nullable: false) ?? string.Empty);
        }

        return list;
    }

    private string? String(JsonElement value, string path, bool nullable)
    {
        if (value.ValueKind == JsonValueKind.String || (nullable && value.ValueKind == JsonValueKind.Null))
        {
            return value.GetString();
        }

        ReportType(path, nullable ? "a string or null" : "a string", value);
        return null;
    }

    private bool Boolean(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        ReportType(path, "true or false", value);
        return false;
    }

    private bool IsArray(JsonElement value, string path, string expected)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        ReportType(path, expected, value);
        return false;
    }

    /// <summary>Reports a required key of an item that is absent (null; a present key of the wrong type reads as empty).</summary>
    private void RequireKey(string? value, string path, string key)
    {
        if (value is null)
        {
            Report(SpecDiagnosticCodes.MissingKey, string.Format(CultureInfo.InvariantCulture, SpecMessages.ItemMissingKey, path, key), path);
        }
    }

    private void ReportType(string path, string expected, JsonElement found)
    {
        string message = string.Format(CultureInfo.InvariantCulture, SpecMessages.WrongType, path, expected, JsonPath.Describe(found.ValueKind));
        if (expected.StartsWith("a string", StringComparison.Ordinal) && found.ValueKind == JsonValueKind.Number)
        {
            message = message[..^1] + $"; write it in quotes: \"{found.GetRawText()}\".";
        }

        Report(SpecDiagnosticCodes.WrongType, message, path);
    }

    private void Report(string code, string message, string location) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, location));
}
