namespace NanoPhone.App.Config;

/// <summary>
/// Finds the known keys nearest to a mistyped one: within edit distance 3 (and at most half the key's
/// length, so "foo" does not suggest "dnd"), or starting with what was typed, or in the same group
/// (the part before the first dot); only the best of these three kinds that finds any is offered.
/// Closest first, table order on ties.
/// </summary>
public static class KeySuggester
{
    public const int MaxSuggestions = 3;
    private const int MaxDistance = 3;
    private const int NotNear = int.MaxValue;
    /// <summary>Longest input <see cref="Nearest"/> measures.</summary>
    public const int MaxNearestLength = 64;

    /// <summary>Up to <see cref="MaxSuggestions"/> key names, best first; empty when none is near.</summary>
    public static string[] Suggest(string typed)
    {
        string t = ConfigText.ToLower(ConfigText.Trim(typed == null ? "" : typed));
        int n = ConfigKeys.All.Length;
        int[] scores = new int[n];
        int bestTier = NotNear;
        for (int i = 0; i < n; i++)
        {
            scores[i] = Score(t, ConfigKeys.All[i].Name);
            if (Tier(scores[i]) < bestTier) bestTier = Tier(scores[i]);
        }
        int candidates = 0;
        for (int i = 0; i < n; i++)
        {
            if (scores[i] != NotNear && Tier(scores[i]) != bestTier) scores[i] = NotNear;
            if (scores[i] != NotNear) candidates++;
        }
        string[] result = NanoPhone.Sip.Text.Strings.NewArray(candidates < MaxSuggestions ? candidates : MaxSuggestions);
        for (int r = 0; r < result.Length; r++)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
            {
                if (scores[i] != NotNear && (best < 0 || scores[i] < scores[best])) best = i;
            }
            result[r] = ConfigKeys.All[best].Name;
            scores[best] = NotNear;
        }
        return result;
    }

    /// <summary>" (did you mean a, b or c?)", or "" when no key is near.</summary>
    public static string DidYouMean(string typed)
    {
        string[] s = Suggest(typed);
        if (s.Length == 0) return "";
        string text = s[0];
        for (int i = 1; i < s.Length; i++) text += (i == s.Length - 1 ? " or " : ", ") + s[i];
        return " (did you mean " + text + "?)";
    }

    /// <summary>
    /// The one key nearest to <paramref name="typed"/> by edit distance however far it is (table order
    /// on ties): for a person who named no key that is near. Null for empty input, or input longer
    /// than <see cref="MaxNearestLength"/> (no key is that long; the distance would cost too much).
    /// </summary>
    public static string Nearest(string typed)
    {
        string t = ConfigText.ToLower(ConfigText.Trim(typed == null ? "" : typed));
        if (t.Length == 0 || t.Length > MaxNearestLength) return null;
        int best = -1;
        int bestDistance = int.MaxValue;
        for (int i = 0; i < ConfigKeys.All.Length; i++)
        {
            string key = ConfigKeys.All[i].Name;
            int limit = t.Length > key.Length ? t.Length : key.Length;
            int d = Distance(t, key, limit);
            if (d < bestDistance) { best = i; bestDistance = d; }
        }
        return ConfigKeys.All[best].Name;
    }

    /// <summary>
    /// <see cref="DidYouMean"/> when a key is near; otherwise " (no key is near it; the nearest is K;
    /// the console's help keys lists every key)", or "" when there is no nearest either.
    /// </summary>
    public static string NearestHint(string typed)
    {
        string near = DidYouMean(typed);
        if (near.Length > 0) return near;
        string nearest = Nearest(typed);
        if (nearest == null) return "";
        return " (no key is near it; the nearest is " + nearest + "; the console's help keys lists every key)";
    }

    private static int Score(string typed, string key)
    {
        if (typed.Length == 0) return NotNear;
        int d = Distance(typed, key, MaxDistance);
        if (d <= MaxDistance && 2 * d <= key.Length) return d;
        if (typed.Length >= 2 && ConfigText.StartsWith(key, typed)) return MaxDistance + 1;
        string group = Group(key);
        return Group(typed) == group ? MaxDistance + 2 : NotNear;
    }

    /// <summary>Near by spelling (0), by prefix (4) or by group (5): only the best kind found is offered.</summary>
    private static int Tier(int score) { return score <= MaxDistance ? 0 : score; }

    private static string Group(string name)
    {
        int dot = name.IndexOf('.');
        return dot < 0 ? name : name.Substring(0, dot);
    }

    /// <summary>Levenshtein distance of a and b, or limit + 1 when it is certainly above limit.</summary>
    public static int Distance(string a, string b, int limit)
    {
        int diff = a.Length - b.Length;
        if (diff > limit || -diff > limit) return limit + 1;
        int[] prev = new int[b.Length + 1];
        int[] cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = prev[j - 1] + cost;
                if (prev[j] + 1 < v) v = prev[j] + 1;
                if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > limit) return limit + 1;
            int[] swap = prev; prev = cur; cur = swap;
        }
        return prev[b.Length] > limit ? limit + 1 : prev[b.Length];
    }
}
