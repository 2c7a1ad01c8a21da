using System.Text;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// Input digits arrive as Western, Arabic-Indic (U+0660–0669) or Persian (U+06F0–06F9). Everything is stored in ASCII:
/// note that Regex \d matches the native digits that int.Parse rejects, so normalize before validating.
/// </summary>
internal static class Digits
{
    public static string ToAscii(string? input)
    {
        if (string.IsNullOrEmpty(input)) return input ?? "";
        var sb = new StringBuilder(input.Length);
        foreach (var ch in input)
        {
            sb.Append(ch switch
            {
                >= '\u0660' and <= '\u0669' => (char)('0' + (ch - '\u0660')),
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (ch - '\u06F0')),
                _ => ch,
            });
        }
        return sb.ToString();
    }

    public static bool IsAsciiDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var ch in s) if (ch is < '0' or > '9') return false;
        return true;
    }

    /// <summary>Removes what people type between digit groups: spaces, dashes, dots, slashes, and bidi marks.</summary>
    public static string StripSeparators(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (ch is ' ' or '-' or '.' or '/' or '(' or ')' or '\u00A0' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u2066' or '\u2067' or '\u2068' or '\u2069') continue;
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
