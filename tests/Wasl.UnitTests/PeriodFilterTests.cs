using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Wasl.Web.Platform.Periods;

namespace Wasl.UnitTests;

/// <summary>Platform's report period, as every module's filter reads it; the Gregorian and Umm al-Qura forms are also proven through Requests' <c>ReportFilterTests</c>.</summary>
public sealed class PeriodFilterTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static PeriodFilter Query(params (string Key, string Value)[] pairs) =>
        PeriodFilter.FromQuery(new QueryCollection(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value))));

    private static (DateOnly From, DateOnly To) Resolve(PeriodFilter period)
    {
        Assert.True(period.TryResolve(Today, out var from, out var to, out var error), error);
        return (from, to);
    }

    [Fact]
    public void A_solar_hijri_month_and_year_are_their_gregorian_days()
    {
        // 1 Farvardin 1405 is Nowruz, 21 March 2026; Farvardin has 31 days.
        Assert.Equal((new DateOnly(2026, 3, 21), new DateOnly(2026, 4, 20)), Resolve(Query(("smonth", "1405-01"))));
        Assert.Equal((new DateOnly(2026, 3, 21), new DateOnly(2026, 4, 20)), Resolve(Query(("smonth", "۱۴۰۵-۰۱"))));
        // Esfand, the last month, has 29 days in a common year: 1404 ends on 20 March 2026.
        Assert.Equal((new DateOnly(2025, 3, 21), new DateOnly(2026, 3, 20)), Resolve(Query(("syear", "1404"))));
    }

    [Fact]
    public void Solar_hijri_nonsense_is_refused_with_its_own_message_and_one_form_only()
    {
        Assert.False(Query(("smonth", "1405-13")).TryResolve(Today, out _, out _, out var month));
        Assert.Equal("Periods.Error.SolarMonth", month);
        Assert.False(Query(("syear", "14O5")).TryResolve(Today, out _, out _, out var year));
        Assert.Equal("Periods.Error.SolarYear", year);
        Assert.False(Query(("smonth", "1405-01"), ("hmonth", "1448-01")).TryResolve(Today, out _, out _, out var both));
        Assert.Equal("Periods.Error.OnePeriod", both);
    }

    [Fact]
    public void The_period_writes_itself_back_to_the_query_string_in_a_fixed_order()
    {
        var sb = new StringBuilder();
        Query(("syear", "1404"), ("from", "2026-01-01"), ("to", "2026-01-31")).AppendQuery(sb);
        Assert.Equal("from=2026-01-01&to=2026-01-31&syear=1404", sb.ToString());
    }
}
