namespace PortableService.Spec;

/// <summary>Finds the known key a mistyped one was probably meant to be ("pnmae" → "pname", "squashfs_tools" → "squashfs-tools").</summary>
internal static class KeySuggester
{
    /// <summary>
    /// The closest of <paramref name="known"/> to <paramref name="key"/>, or null when none is close. Case and the
    /// separators '-' and '_' are ignored first; then a key within an edit distance (with transpositions) of 2, or of
    /// a third of its length for long keys, is suggested.
    /// </summary>
    public static string? Suggest(string key, IReadOnlyList<string> known)
    {
        string folded = Fold(key);
        string? best = null;
        int bestDistance = int.MaxValue;
        int bestRawDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            // Ties on the folded form (squashfsTools, squashfs-tools) go to the closer spelling.
            int distance = Distance(folded, Fold(candidate));
            int rawDistance = Distance(key, candidate);
            if (distance < bestDistance || (distance == bestDistance && rawDistance < bestRawDistance))
            {
                best = candidate;
                bestDistance = distance;
                bestRawDistance = rawDistance;
            }
        }

        if (best is null)
        {
            return null;
        }

        int limit = Math.Max(2, Fold(best).Length / 3);
        return bestDistance <= limit && bestDistance < Fold(best).Length ? best : null;
    }

    private static string Fold(string key) => key.Replace("-", string.Empty).Replace("_", string.Empty).ToLowerInvariant();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
