using System.Globalization;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Modules.Requests.Reports;

/// <summary>The period fields shared by the reports and the indicators: the filter, and the months and years offered.</summary>
internal sealed record PeriodChoices(ReportFilter Filter, IReadOnlyList<(string Value, string Label)> HijriMonths, IReadOnlyList<int> Years, IReadOnlyList<int> HijriYears)
{
    /// <summary>The last 36 Umm al-Qura months (named) and the last six Gregorian and Hijri years, from <paramref name="today"/>.</summary>
    public static PeriodChoices For(ReportFilter filter, DateOnly today, IStringLocalizer<SharedResource> t)
    {
        var day = today.ToDateTime(TimeOnly.MinValue);
        var hijri = new UmAlQuraCalendar();
        var (hy, hm) = (hijri.GetYear(day), hijri.GetMonth(day));
        var months = new List<(string, string)>();
        for (var i = 0; i < 36; i++)
        {
            months.Add((string.Create(CultureInfo.InvariantCulture, $"{hy:0000}-{hm:00}"), t["Reports.HijriMonthLabel", t[$"Hijri.Month.{hm}"], hy.ToString(CultureInfo.InvariantCulture)]));
            if (--hm == 0) (hy, hm) = (hy - 1, 12);
        }
        return new(filter, months, [.. Enumerable.Range(0, 6).Select(i => day.Year - i)], [.. Enumerable.Range(0, 6).Select(i => hijri.GetYear(day) - i)]);
    }
}
