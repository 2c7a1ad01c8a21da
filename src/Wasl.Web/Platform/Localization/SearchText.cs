using System.Text;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// The one normalization for Arabic and Persian search, applied identically when indexing and when querying
/// (research/anchors-ux-security.md §2.4). The original text is kept for display; this is only what is compared.
/// </summary>
public static class SearchText
{
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

    private static char Fold(char ch) => ch switch
    {
        // Harakat, superscript alef and Quranic marks: dropped.
        >= '\u064B' and <= '\u065F' or '\u0670' or >= '\u0610' and <= '\u061A' or >= '\u06D6' and <= '\u06ED' => '\0',
        // Tatweel (a modifier letter, not a combining mark) and bidi controls: dropped.
        '\u0640' or '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => '\0',
        // Hamza forms of alef, and alef wasla: bare alef.
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
        // Alef maqsura and Persian yeh: Arabic yeh. Hamza on yeh and waw: the bare letter.
        '\u0649' or '\u06CC' or '\u0626' => '\u064A',
        '\u0624' => '\u0648',
        // Taa marbuta and Persian heh with yeh: heh. Persian keheh: Arabic kaf.
        '\u0629' or '\u06C0' => '\u0647',
        '\u06A9' => '\u0643',
        // Arabic-Indic and Persian digits: ASCII.
        >= '\u0660' and <= '\u0669' => (char)('0' + (ch - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (ch - '\u06F0')),
        // Zero-width non-joiner (Persian) and every kind of white space: one space.
        '\u200C' => ' ',
        _ when char.IsWhiteSpace(ch) => ' ',
        _ => char.ToLowerInvariant(ch),
    };
}
