using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Wasl.Web.Platform.Files;

/// <summary>Names people gave their files, made safe to show and to send back in a header (ASVS 5.4.1, 5.4.2).</summary>
internal static class FileNames
{
    public const int MaxLength = 150;

    /// <summary>
    /// The last path segment only, without control or direction-override characters (which can make "fdp.exe" look
    /// like "exe.pdf"), without characters file systems or headers choke on, trimmed, shortened keeping the extension.
    /// Only ever shown and sent as a download name; the stored file is named by a random key.
    /// </summary>
    public static string Sanitize(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // Zero-width (non-)joiners stay: Persian writes with them. Every other invisible format character goes.
            var joiner = rune.Value is 0x200C or 0x200D;
            if (!joiner && category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) continue;
            clean.Append(rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*' or ';' ? "_" : rune.ToString());
        }
        name = clean.ToString().Trim().TrimEnd('.').TrimEnd();
        var extension = Path.GetExtension(name);
        if (extension.Length > 10) extension = "";
        var stem = name[..^extension.Length].Trim().TrimStart('.').Trim();
        if (stem.Length == 0) stem = "file";
        var max = MaxLength - extension.Length;
        if (stem.Length > max)
        {
            var cut = new StringInfo(stem).SubstringByTextElements(0, Math.Min(max, new StringInfo(stem).LengthInTextElements));
            while (cut.Length > max) cut = new StringInfo(cut).SubstringByTextElements(0, new StringInfo(cut).LengthInTextElements - 1);
            stem = cut;
        }
        return stem + extension;
    }

    /// <summary>
    /// "attachment; filename=…; filename*=UTF-8''…" (RFC 6266 with RFC 5987 for the UTF-8 name): every browser
    /// downloads instead of showing, and keeps the Arabic name.
    /// </summary>
    public static string ContentDisposition(string fileName, bool inline = false)
    {
        var value = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        value.SetHttpFileName(fileName);
        return value.ToString();
    }
}
