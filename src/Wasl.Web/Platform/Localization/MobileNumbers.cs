namespace Wasl.Web.Platform.Localization;

/// <summary>
/// Mobile numbers are stored in international form with ASCII digits (+9665XXXXXXXX), so that sign-in by mobile and
/// caller lookup are one index lookup whatever the person typed (local 05…, 00966…, Arabic-Indic digits, spaces).
/// </summary>
public static class MobileNumbers
{
    private static readonly Dictionary<string, string> CallingCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SA"] = "966",
        ["OM"] = "968",
        ["IR"] = "98",
        ["MA"] = "212",
    };

    public static bool TryNormalize(string? input, string country, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        var s = Digits.StripSeparators(Digits.ToAscii(input.Trim()));
        if (s.StartsWith('+')) s = s[1..];
        else if (s.StartsWith("00", StringComparison.Ordinal)) s = s[2..];
        else if (s.StartsWith('0') && CallingCodes.TryGetValue(country, out var cc)) s = cc + s[1..];
        else if (CallingCodes.TryGetValue(country, out var cc2) && !s.StartsWith(cc2, StringComparison.Ordinal) && s.Length <= 10) s = cc2 + s;
        if (!Digits.IsAsciiDigits(s) || s.Length is < 8 or > 15) return false;
        normalized = "+" + s;
        return true;
    }
}
