using System.Text;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// The one normalization for Arabic and Persian search, applied identically when indexing and when querying
/// (research/anchors-ux-security.md §2.4). The original text is kept for display; this is only what is compared.
/// </summary>
internal static class SearchText
{
    /// <summary>
    /// The version of this normalization. Stored with each request's search form; when the rules change, this goes up
    /// and the stored forms of older rows are recomputed in the background (Requests' SearchTextRebuild).
    /// 2: hamza seats fold to one (مسئول = مسؤول); the zero-width non-joiner joins (می‌شود = میشود), its parts indexed too.
    /// </summary>
    public const int Version = 2;

    private const char ZeroWidthNonJoiner = '\u200C';

    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return "";
        // NFKC folds presentation forms (ﻻ → لا) and full-width Latin.
        var text = input.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var ch in text)
        {
            var folded = Fold(ch);
            if (folded == '\0') continue;
            if (folded == ' ')
            {
                if (!lastWasSpace) sb.Append(' ');
                lastWasSpace = true;
                continue;
            }
            sb.Append(folded);
            lastWasSpace = false;
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// The words of a text as the full-text index sees them: normalized, then split on anything that is not a letter,
    /// a combining mark or a digit (so punctuation such as "،" or "-" never glues words together on either database).
    /// </summary>
    public static IReadOnlyList<string> Words(string? input)
    {
        var normalized = Normalize(input);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var isWordChar = i < normalized.Length && (char.IsLetterOrDigit(normalized[i]) || char.GetUnicodeCategory(normalized[i]) is System.Globalization.UnicodeCategory.NonSpacingMark);
            if (isWordChar && start < 0) start = i;
            else if (!isWordChar && start >= 0)
            {
                words.Add(normalized[start..i]);
                start = -1;
            }
        }
        return words;
    }

    /// <summary>
    /// Light stemming (after Larkey's light10, prefixes only): the definite article with its attached conjunction or
    /// preposition is stripped when at least three letters remain, so "المدرسة", "بالمدرسة" and "مدرسة" meet.
    /// </summary>
    public static string Stem(string word)
    {
        foreach (var prefix in ArticlePrefixes)
        {
            if (word.Length - prefix.Length >= 3 && word.StartsWith(prefix, StringComparison.Ordinal)) return word[prefix.Length..];
        }
        return word;
    }

    private static readonly string[] ArticlePrefixes = ["\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644", "\u0644\u0644", "\u0627\u0644"];

    /// <summary>
    /// What is indexed for a document: every word, followed by the stems that differ from their word, and, for words
    /// joined by a zero-width non-joiner, their parts (so "می‌شود" is found by "میشود" and by "می شود" alike).
    /// </summary>
    public static string IndexForm(params string?[] parts)
    {
        var words = parts.SelectMany(Words).ToList();
        var pieces = parts.Where(p => p is not null && p.Contains(ZeroWidthNonJoiner, StringComparison.Ordinal))
            .SelectMany(p => Words(p!.Replace(ZeroWidthNonJoiner, ' ')))
            .Where(piece => !words.Contains(piece, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        var all = words.Concat(pieces).ToList();
        var stems = all.Select(Stem).Where((stem, i) => !ReferenceEquals(stem, all[i])).Distinct(StringComparer.Ordinal);
        return string.Join(' ', all.Concat(stems));
    }

    /// <summary>The terms a query must all match: the stem of each distinct word (documents hold both forms).</summary>
    public static IReadOnlyList<string> QueryTerms(string? query, int max = 8) =>
        [.. Words(query).Select(Stem).Distinct(StringComparer.Ordinal).Take(max)];

    private static char Fold(char ch) => ch switch
    {
        // Harakat, superscript alef and Quranic marks: dropped.
        >= '\u064B' and <= '\u065F' or '\u0670' or >= '\u0610' and <= '\u061A' or >= '\u06D6' and <= '\u06ED' => '\0',
        // Tatweel (a modifier letter, not a combining mark) and bidi controls: dropped.
        '\u0640' or '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => '\0',
        // Hamza forms of alef, and alef wasla: bare alef.
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
        // Alef maqsura and Persian yeh: Arabic yeh.
        '\u0649' or '\u06CC' => '\u064A',
        // Hamza on yeh and on waw: the hamza alone, because the seat is a spelling choice (مسئول / مسؤول, شئون / شؤون).
        '\u0626' or '\u0624' => '\u0621',
        // Taa marbuta and Persian heh with yeh: heh. Persian keheh: Arabic kaf.
        '\u0629' or '\u06C0' => '\u0647',
        '\u06A9' => '\u0643',
        // Arabic-Indic and Persian digits: ASCII.
        >= '\u0660' and <= '\u0669' => (char)('0' + (ch - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (ch - '\u06F0')),
        // Zero-width non-joiner (Persian): a shaping hint inside one word, typed by some and not by others; dropped.
        ZeroWidthNonJoiner => '\0',
        // Every kind of white space: one space.
        _ when char.IsWhiteSpace(ch) => ' ',
        _ => char.ToLowerInvariant(ch),
    };
}
