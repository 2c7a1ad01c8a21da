namespace Wasl.Web.Platform.Localization;

/// <summary>
/// Mobile numbers are stored in international form with ASCII digits (+9665XXXXXXXX), so that sign-in by mobile and
/// caller lookup are one index lookup whatever the person typed (local 05…, 00966…, Arabic-Indic digits, spaces).
/// A number of one of the deployment countries must be a mobile number of that country (its length and first digit):
/// "12345" typed in Saudi Arabia is refused, not stored as +96612345. A number typed in international form with another
/// country's code is kept when it has an E.164 length, since parents abroad have foreign numbers.
/// </summary>
internal static class MobileNumbers
{
    /// <summary>A country's mobile numbers: calling code, the digits after it, their possible first digits, and a local example for messages.</summary>
    private sealed record Plan(string CallingCode, int Digits, string FirstDigits, bool TrunkZero, string Example);

    private static readonly Dictionary<string, Plan> Plans = new(StringComparer.OrdinalIgnoreCase)
    {
        // Saudi Arabia: 05X XXX XXXX (CITC numbering plan).
        ["SA"] = new("966", 9, "5", TrunkZero: true, "0501234567"),
        // Oman: eight digits, mobiles from 7 or 9, no trunk prefix (TRA numbering plan).
        ["OM"] = new("968", 8, "79", TrunkZero: false, "92123456"),
        // Iran: 09XX XXX XXXX.
        ["IR"] = new("98", 10, "9", TrunkZero: true, "09121234567"),
        // Morocco: 06 or 07 then eight digits (ANRT).
        ["MA"] = new("212", 9, "67", TrunkZero: true, "0612345678"),
    };

    /// <summary>A correct local number of the country, to show in a message ("like 0501234567").</summary>
    public static string Example(string country) => Plans.TryGetValue(country, out var plan) ? plan.Example : Plans["SA"].Example;

    public static bool TryNormalize(string? input, string country, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        var s = Digits.StripSeparators(Digits.ToAscii(input.Trim()));
        var local = Plans.GetValueOrDefault(country);
        if (s.StartsWith('+')) s = s[1..];
        else if (s.StartsWith("00", StringComparison.Ordinal)) s = s[2..];
        else if (local is not null)
        {
            if (local.TrunkZero && s.StartsWith('0')) s = local.CallingCode + s[1..];
            else if (!(s.StartsWith(local.CallingCode, StringComparison.Ordinal) && s.Length == local.CallingCode.Length + local.Digits)) s = local.CallingCode + s;
        }
        if (!Digits.IsAsciiDigits(s) || s.Length is < 8 or > 15) return false;
        // Calling codes are prefix-free: at most one plan matches.
        foreach (var plan in Plans.Values)
        {
            if (!s.StartsWith(plan.CallingCode, StringComparison.Ordinal)) continue;
            var national = s[plan.CallingCode.Length..];
            if (national.Length != plan.Digits || !plan.FirstDigits.Contains(national[0], StringComparison.Ordinal)) return false;
        }
        normalized = "+" + s;
        return true;
    }
}
