using System.Globalization;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Periods;

/// <summary>The period fields of every report filter (Platform/Shell/Shared/_PeriodFields): the period, and the months and years offered.</summary>
internal sealed record PeriodChoices(
    PeriodFilter Period,
    IReadOnlyList<(string Value, string Label)> HijriMonths,
    IReadOnlyList<(string Value, string Label)> SolarMonths,
    IReadOnlyList<int> Years,
    IReadOnlyList<int> HijriYears,
    IReadOnlyList<int> SolarYears)
{
    /// <summary>The last 36 Umm al-Qura and Solar Hijri months (named) and the last six years of each calendar, from <paramref name="today"/>.</summary>
    public static PeriodChoices For(PeriodFilter period, DateOnly today, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var day = today.ToDateTime(TimeOnly.MinValue);
        var hijri = new UmAlQuraCalendar();
        var solar = new PersianCalendar();
        return new(period,
            Months(hijri, day, (m, y) => t["Periods.HijriMonthLabel", t[$"Hijri.Month.{m}"], y]),
            Months(solar, day, (m, y) => t["Periods.SolarMonthLabel", t[$"Solar.Month.{m}"], y]),
            [.. Enumerable.Range(0, 6).Select(i => day.Year - i)],
            [.. Enumerable.Range(0, 6).Select(i => hijri.GetYear(day) - i)],
            [.. Enumerable.Range(0, 6).Select(i => solar.GetYear(day) - i)]);
    }

    private static List<(string, string)> Months(Calendar calendar, DateTime day, Func<int, string, LocalizedString> label)
    {
        var (y, m) = (calendar.GetYear(day), calendar.GetMonth(day));
        var months = new List<(string, string)>();
        for (var i = 0; i < 36; i++)
        {
            months.Add((string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}"), label(m, y.ToString(CultureInfo.InvariantCulture))));
            if (--m == 0) (y, m) = (y - 1, 12);
        }
        return months;
    }
}
