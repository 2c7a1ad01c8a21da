using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Reports;

namespace Wasl.UnitTests;

public sealed class ReportFilterTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static ReportFilter Query(params (string Key, string Value)[] pairs) =>
        ReportFilter.FromQuery(new QueryCollection(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value))));

    private static (DateOnly From, DateOnly To) Period(ReportFilter filter)
    {
        Assert.True(filter.TryResolvePeriod(Today, out var from, out var to, out var error), error);
        return (from, to);
    }

    [Fact]
    public void No_category_is_a_category_choice_and_nonsense_is_refused()
    {
        Assert.True(Query(("categoryId", "none")).NoCategory);
        Assert.Empty(Query(("categoryId", "none")).Validate(Today));
        Assert.Equal("categoryId=none", Query(("categoryId", "none")).ToQueryString());
        Assert.Contains("Reports.Error.Category", Query(("categoryId", "nothing")).Validate(Today));
        Assert.False(Query(("categoryId", "7")).NoCategory);
    }

    [Fact]
    public void From_and_to_are_inclusive_iso_days() =>
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15)), Period(Query(("from", "2026-03-01"), ("to", "2026-03-15"))));

    [Fact]
    public void Arabic_indic_and_persian_digits_read_as_their_ascii_values()
    {
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15)), Period(Query(("from", "٢٠٢٦-٠٣-٠١"), ("to", "۲۰۲۶-۰۳-۱۵"))));
        Assert.Equal(Period(Query(("hmonth", "1448-05"))), Period(Query(("hmonth", "١٤٤٨-٠٥"))));
    }

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    public void The_current_culture_never_changes_the_period(string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal((new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 15)), Period(Query(("from", "2026-03-15"), ("to", "2026-03-15"))));
            Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), Period(Query(("month", "2026-02"))));
            Assert.Equal((new DateOnly(2026, 2, 18), new DateOnly(2026, 3, 19)), Period(Query(("hmonth", "1447-09"))));
            Assert.Equal("from=2026-03-15&to=2026-03-15&type=Complaint", Query(("from", "2026-03-15"), ("to", "2026-03-15"), ("type", "Complaint")).ToQueryString());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Fact]
    public void Hijri_months_start_and_end_on_the_umm_al_qura_days()
    {
        // Ramadan 1447 began on 18 February 2026 and had 30 days; Shawwal 1447 began on 20 March 2026 (Umm al-Qura).
        Assert.Equal((new DateOnly(2026, 2, 18), new DateOnly(2026, 3, 19)), Period(Query(("hmonth", "1447-09"))));
        Assert.Equal(new DateOnly(2026, 3, 20), Period(Query(("hmonth", "1447-10"))).From);
        // Consecutive months touch: the day after a month's last day is the next month's first.
        var jumada = Period(Query(("hmonth", "1448-05")));
        var next = Period(Query(("hmonth", "1448-06")));
        Assert.Equal(jumada.To.AddDays(1), next.From);
        Assert.InRange(jumada.To.DayNumber - jumada.From.DayNumber + 1, 29, 30);
        var year = Period(Query(("hyear", "1447")));
        Assert.Equal(Period(Query(("hmonth", "1447-01"))).From, year.From);
        Assert.Equal(Period(Query(("hmonth", "1447-12"))).To, year.To);
    }

    [Fact]
    public void Gregorian_years_and_leap_months()
    {
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), Period(Query(("month", "2024-02"))));
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Period(Query(("year", "2025"))));
    }

    [Fact]
    public void No_period_is_the_current_month_so_far() =>
        Assert.Equal((new DateOnly(2026, 12, 1), Today), Period(Query()));

    [Theory]
    [InlineData("Periods.Error.Date", "from", "2026-13-01", "to", "2026-12-31")]
    [InlineData("Periods.Error.Date", "from", "15/03/2026", "to", "2026-12-31")]
    [InlineData("Periods.Error.Date", "from", "2026-02-30", "to", "2026-12-31")]
    [InlineData("Periods.Error.FromAfterTo", "from", "2026-03-02", "to", "2026-03-01")]
    [InlineData("Periods.Error.TooLong", "from", "2015-01-01", "to", "2026-03-01")]
    [InlineData("Periods.Error.OnePeriod", "month", "2026-03", "hmonth", "1447-09")]
    [InlineData("Periods.Error.Month", "month", "2026-3", "type", "Complaint")]
    [InlineData("Periods.Error.HijriMonth", "hmonth", "1447-13", "type", "Complaint")]
    [InlineData("Periods.Error.HijriMonth", "hmonth", "1600-01", "type", "Complaint")]
    [InlineData("Periods.Error.Year", "year", "20x6", "type", "Complaint")]
    public void Bad_periods_are_refused_with_a_message_key(string key, string k1, string v1, string k2, string v2)
    {
        var filter = Query((k1, v1), (k2, v2));
        Assert.False(filter.TryResolvePeriod(Today, out _, out _, out var error));
        Assert.Equal(key, error);
        Assert.Contains(key, filter.Validate(Today));
    }

    [Fact]
    public void Only_one_end_of_a_range_is_incomplete()
    {
        Assert.False(Query(("from", "2026-03-01")).TryResolvePeriod(Today, out _, out _, out var error));
        Assert.Equal("Periods.Error.PeriodIncomplete", error);
    }

    [Theory]
    [InlineData("type", "1", "Reports.Error.Type")]
    [InlineData("type", "Complaint,Inquiry", "Reports.Error.Type")]
    [InlineData("status", "Lost", "Reports.Error.Status")]
    [InlineData("state", "half", "Reports.Error.State")]
    [InlineData("flag", "nice", "Reports.Error.Flag")]
    [InlineData("score", "6", "Reports.Error.Score")]
    [InlineData("unitId", "-3", "Reports.Error.Unit")]
    [InlineData("categoryId", "abc", "Reports.Error.Category")]
    public void Bad_values_are_refused_not_ignored(string key, string value, string error) =>
        Assert.Equal([error], Query((key, value)).Validate(Today));

    [Fact]
    public void Values_are_read_and_written_back()
    {
        var filter = Query(("month", "2026-03"), ("unitId", "12"), ("type", "complaint"), ("categoryId", "4"), ("status", "Resolved"), ("state", "finished"), ("flag", "late"), ("score", "5"));
        Assert.Empty(filter.Validate(Today));
        Assert.Equal(12, filter.UnitIdValue);
        Assert.Equal(RequestType.Complaint, filter.TypeValue);
        Assert.Equal(RequestStatus.Resolved, filter.StatusValue);
        Assert.Equal("late", filter.FlagValue);
        Assert.Equal(5, filter.ScoreValue);
        Assert.Equal("month=2026-03&unitId=12&type=complaint&categoryId=4&status=Resolved&state=finished&flag=late&score=5", filter.ToQueryString());
    }

    [Fact]
    public void Days_are_days_of_the_deployment_time_zone()
    {
        var riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
        var (start, end) = ReportFilter.ToUtcRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), riyadh);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 21, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 21, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }
}
