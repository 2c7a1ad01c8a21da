using System.Globalization;
using System.Text;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Periods;

/// <summary>
/// The period of a report or of any list filtered by time, read from the query string so a link, a next page, a print
/// view and an export all carry the same period. It is one of: <c>from</c>/<c>to</c> (ISO days, inclusive),
/// <c>month</c> (Gregorian yyyy-MM), <c>hmonth</c> (Umm al-Qura yyyy-MM), <c>smonth</c> (Solar Hijri yyyy-MM),
/// <c>year</c>, <c>hyear</c> or <c>syear</c>; days are days of the deployment's time zone. Values are kept as typed
/// (to redisplay the form) and checked by <see cref="TryResolve"/>, which returns message keys rather than throwing.
/// </summary>
internal sealed record PeriodFilter
{
    /// <summary>A longer period is refused: a report is read by people, and five years is already an archive.</summary>
    public const int MaxDays = (5 * 366) + 1;

    /// <summary>The query-string keys of a period, in the order links write them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["from", "to", "month", "hmonth", "smonth", "year", "hyear", "syear"];

    public string? From { get; init; }
    public string? To { get; init; }
    public string? Month { get; init; }
    public string? HMonth { get; init; }
    public string? SMonth { get; init; }
    public string? Year { get; init; }
    public string? HYear { get; init; }
    public string? SYear { get; init; }

    public static PeriodFilter FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        return new PeriodFilter
        {
            From = Get("from"),
            To = Get("to"),
            Month = Get("month"),
            HMonth = Get("hmonth"),
            SMonth = Get("smonth"),
            Year = Get("year"),
            HYear = Get("hyear"),
            SYear = Get("syear"),
        };
    }

    /// <summary>Appends the period to a query string being built (keys in <see cref="Keys"/> order, values escaped, empty ones left out).</summary>
    public void AppendQuery(StringBuilder sb)
    {
        ArgumentNullException.ThrowIfNull(sb);
        string?[] values = [From, To, Month, HMonth, SMonth, Year, HYear, SYear];
        for (var i = 0; i < Keys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i])) continue;
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Keys[i]).Append('=').Append(Uri.EscapeDataString(values[i]!));
        }
    }

    /// <summary>
    /// The period as inclusive days. Nothing given means the current Gregorian month up to <paramref name="today"/>.
    /// Native digits (Arabic-Indic, Persian) are read as their ASCII values; parsing is always invariant and Gregorian
    /// for the Gregorian forms, whatever the current culture (ar-SA would read Umm al-Qura, fa-IR Solar Hijri).
    /// </summary>
    public bool TryResolve(DateOnly today, out DateOnly from, out DateOnly to, out string? errorKey)
    {
        from = to = default;
        errorKey = null;
        var forms = (From is not null || To is not null ? 1 : 0) + (Month is not null ? 1 : 0) + (HMonth is not null ? 1 : 0) + (SMonth is not null ? 1 : 0)
            + (Year is not null ? 1 : 0) + (HYear is not null ? 1 : 0) + (SYear is not null ? 1 : 0);
        if (forms > 1)
        {
            errorKey = "Periods.Error.OnePeriod";
            return false;
        }
        bool ok;
        if (From is not null || To is not null)
        {
            if (From is null || To is null)
            {
                errorKey = "Periods.Error.PeriodIncomplete";
                return false;
            }
            ok = TryParseDay(From, out from) & TryParseDay(To, out to);
            if (!ok) errorKey = "Periods.Error.Date";
        }
        else if (Month is not null)
        {
            ok = TryParseYearMonth(Month, out var y, out var m) && TryGregorianMonth(y, m, out from, out to);
            if (!ok) errorKey = "Periods.Error.Month";
        }
        else if (HMonth is not null)
        {
            ok = TryParseYearMonth(HMonth, out var y, out var m) && TryHijriMonth(CalendarPreference.UmAlQura, y, m, out from, out to);
            if (!ok) errorKey = "Periods.Error.HijriMonth";
        }
        else if (SMonth is not null)
        {
            ok = TryParseYearMonth(SMonth, out var y, out var m) && TryHijriMonth(CalendarPreference.SolarHijri, y, m, out from, out to);
            if (!ok) errorKey = "Periods.Error.SolarMonth";
        }
        else if (Year is not null)
        {
            ok = TryParseYear(Year, out var y) && TryGregorianMonth(y, 1, out from, out _) && TryGregorianMonth(y, 12, out _, out to);
            if (!ok) errorKey = "Periods.Error.Year";
        }
        else if (HYear is not null)
        {
            ok = TryParseYear(HYear, out var y) && TryHijriMonth(CalendarPreference.UmAlQura, y, 1, out from, out _) && TryHijriMonth(CalendarPreference.UmAlQura, y, 12, out _, out to);
            if (!ok) errorKey = "Periods.Error.HijriYear";
        }
        else if (SYear is not null)
        {
            ok = TryParseYear(SYear, out var y) && TryHijriMonth(CalendarPreference.SolarHijri, y, 1, out from, out _) && TryHijriMonth(CalendarPreference.SolarHijri, y, 12, out _, out to);
            if (!ok) errorKey = "Periods.Error.SolarYear";
        }
        else
        {
            from = new DateOnly(today.Year, today.Month, 1);
            to = today;
            return true;
        }
        if (!ok) return false;
        if (from > to)
        {
            errorKey = "Periods.Error.FromAfterTo";
            return false;
        }
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            errorKey = "Periods.Error.TooLong";
            return false;
        }
        return true;
    }

    /// <summary>The inclusive days as a half-open UTC range [start, end) on the deployment's clock.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) ToUtcRange(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (StartOfDay(from, zone), StartOfDay(to.AddDays(1), zone));

    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a clock jumps forward at midnight, the day starts at the first instant that exists.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(Digits.ToAscii(text), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && InRange(day.Year);

    private static bool TryParseYearMonth(string text, out int year, out int month)
    {
        year = month = 0;
        var s = Digits.ToAscii(text);
        return s.Length == 7 && s[4] == '-' && Digits.IsAsciiDigits(s.AsSpan(0, 4)) && Digits.IsAsciiDigits(s.AsSpan(5, 2))
            && int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month);
    }

    private static bool TryParseYear(string text, out int year)
    {
        year = 0;
        var s = Digits.ToAscii(text);
        return s.Length == 4 && Digits.IsAsciiDigits(s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out year);
    }

    /// <summary>Years a report can mean; the bounds keep every conversion (time zones, Umm al-Qura) far from its limits.</summary>
    private static bool InRange(int gregorianYear) => gregorianYear is >= 1950 and <= 2070;

    private static bool TryGregorianMonth(int year, int month, out DateOnly first, out DateOnly last)
    {
        first = last = default;
        if (!InRange(year) || month is < 1 or > 12) return false;
        first = new DateOnly(year, month, 1);
        last = first.AddMonths(1).AddDays(-1);
        return true;
    }

    /// <summary>A month of the Umm al-Qura or the Solar Hijri calendar as Gregorian days.</summary>
    private static bool TryHijriMonth(CalendarPreference calendar, int year, int month, out DateOnly first, out DateOnly last)
    {
        last = default;
        if (!HijriDates.TryToGregorian(calendar, year, month, 1, out first)) return false;
        // An Umm al-Qura month has 29 or 30 days, a Solar Hijri month 29 to 31: the longest day that exists is the last.
        if (!HijriDates.TryToGregorian(calendar, year, month, 31, out last)
            && !HijriDates.TryToGregorian(calendar, year, month, 30, out last)
            && !HijriDates.TryToGregorian(calendar, year, month, 29, out last)) return false;
        return InRange(first.Year) && InRange(last.Year);
    }
}
