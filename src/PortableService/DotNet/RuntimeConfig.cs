using System.Text.Json;

namespace PortableService.DotNet;

/// <summary>What the host and runtime read from an app's <c>*.runtimeconfig.json</c>.</summary>
public sealed record RuntimeConfig
{
    /// <summary>Shared frameworks a framework-dependent app runs on; empty for a self-contained app.</summary>
    public IReadOnlyList<FrameworkReference> Frameworks { get; init; } = [];

    /// <summary>Whether the runtime ships in the app (<c>includedFrameworks</c>).</summary>
    public bool SelfContained { get; init; }

    /// <summary><c>System.Globalization.Invariant</c>: the app never loads ICU.</summary>
    public bool InvariantGlobalization { get; init; }

    /// <summary>Parses a <c>runtimeconfig.json</c>; unknown or missing parts take the host's defaults.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static RuntimeConfig Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("runtimeOptions", out var options) || options.ValueKind != JsonValueKind.Object)
        {
            return new RuntimeConfig();
        }

        var policy = ParsePolicy(options, RollForwardPolicy.Minor);
        var frameworks = new List<FrameworkReference>();
        if (options.TryGetProperty("framework", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            AddFramework(single, policy, frameworks);
        }

        if (options.TryGetProperty("frameworks", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            foreach (var framework in many.EnumerateArray())
            {
                AddFramework(framework, policy, frameworks);
            }
        }

        var invariant = options.TryGetProperty("configProperties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("System.Globalization.Invariant", out var value)
            && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) && parsed));

        return new RuntimeConfig
        {
            Frameworks = frameworks,
            SelfContained = options.TryGetProperty("includedFrameworks", out _),
            InvariantGlobalization = invariant,
        };
    }

    private static void AddFramework(JsonElement framework, RollForwardPolicy policy, List<FrameworkReference> frameworks)
    {
        if (framework.ValueKind == JsonValueKind.Object
            && framework.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && framework.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            frameworks.Add(new FrameworkReference(name.GetString()!, version.GetString()!, ParsePolicy(framework, policy)));
        }
    }

    /// <summary>The <c>rollForward</c> setting of an object, or the legacy <c>rollForwardOnNoCandidateFx</c> (0 off, 1 minor, 2 major).</summary>
    private static RollForwardPolicy ParsePolicy(JsonElement element, RollForwardPolicy inherited)
    {
        if (element.TryGetProperty("rollForward", out var value) && value.ValueKind == JsonValueKind.String
            && Enum.TryParse<RollForwardPolicy>(value.GetString(), ignoreCase: true, out var policy))
        {
            return policy;
        }

        if (element.TryGetProperty("rollForwardOnNoCandidateFx", out var legacy) && legacy.TryGetInt32(out var number))
        {
            return number switch { 0 => RollForwardPolicy.LatestPatch, 2 => RollForwardPolicy.Major, _ => RollForwardPolicy.Minor };
        }

        return inherited;
    }
}
