using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Indicators;
using Wasl.Web.Modules.Requests.Reports;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Localization;

namespace Wasl.Tests;

/// <summary>
/// The indicators page (issue 5): its figures are the requests of the period in the reader's subtrees, a unit outside
/// them counts nothing, every figure links to the report of the requests behind it, bad periods get a localized
/// message, and only staff who may view requests open it.
/// </summary>
public abstract class IndicatorPageTests(AppFixture fixture)
{
    /// <summary>Today as the page sees it: the application's clock in the deployment's zone, never the machine's UTC date.</summary>
    private DateOnly Today => fixture.App.Today;

    private string Period => $"from={Today.AddDays(-700):yyyy-MM-dd}&to={Today:yyyy-MM-dd}";

    private async Task FoldAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RequestStatsFolder>().FoldAllAsync(CancellationToken.None);
    }

    /// <summary>Requests received in the period whose unit lies under the unit with this code (brute force).</summary>
    private async Task<(long Received, long Open)> CountAsync(string unitCode)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var path = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Path).SingleAsync();
        var (start, end) = ReportFilter.ToUtcRange(Today.AddDays(-700), Today, fixture.App.Zone);
        var rows = await db.Set<Request>().AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end && db.Units.Any(u => u.Id == r.UnitId && u.Path.StartsWith(path)))
            .Select(r => r.Status).ToListAsync();
        return (rows.Count, rows.Count(s => s is not (RequestStatus.Resolved or RequestStatus.Closed)));
    }

    private static long Figure(IHtmlDocument page, string id) =>
        long.Parse(Digits.StripSeparators(Digits.ToAscii(page.QuerySelector("#" + id)!.TextContent.Trim())), NumberStyles.None, CultureInfo.InvariantCulture);

    private async Task<WebSession> StaffAsync(string user)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password)).StatusCode);
        return s;
    }

    private async Task SubmitAsync(string unitCode, string subject)
    {
        int unitId;
        using (var scope = fixture.App.Services.CreateScope())
            unitId = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = unitId.ToString(CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    [Trait("Clock", "Sensitive")]
    public async Task Figures_count_the_readers_subtree_and_follow_a_new_request()
    {
        fixture.Require();
        await SubmitAsync("RIY-S1", "شكوى أولى للمؤشرات");
        await FoldAsync();
        var supervisor = await StaffAsync("supervisor");
        var (_, page) = await supervisor.GetAsync("/staff/indicators?" + Period);
        var before = await CountAsync("MOE");
        Assert.True(before.Received > 0);
        Assert.Equal(before.Received, Figure(page, "fig-received"));
        Assert.Equal(before.Open, Figure(page, "fig-open"));

        // A new complaint counts once folded: the figure follows the change without reading history again.
        await SubmitAsync("RIY-S1", "شكوى جديدة للمؤشرات");
        await FoldAsync();
        (_, page) = await supervisor.GetAsync("/staff/indicators?" + Period);
        Assert.Equal(before.Received + 1, Figure(page, "fig-received"));
        Assert.Equal((await CountAsync("MOE")).Received, Figure(page, "fig-received"));

        // Riyadh's coordinator sees Riyadh's subtree only; another directorate's unit counts nothing.
        var principal = await StaffAsync("coordinator");
        (_, page) = await principal.GetAsync("/staff/indicators?" + Period);
        var riyadh = await CountAsync("RIY");
        Assert.True(riyadh.Received > 0 && riyadh.Received < (await CountAsync("MOE")).Received || (await CountAsync("MKK")).Received == 0);
        Assert.Equal(riyadh.Received, Figure(page, "fig-received"));
        int mecca;
        using (var scope = fixture.App.Services.CreateScope())
            mecca = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "MKK").Select(u => u.Id).SingleAsync();
        (_, page) = await principal.GetAsync($"/staff/indicators?{Period}&unitId={mecca}");
        Assert.Equal(0, Figure(page, "fig-received"));
        Assert.Null(page.QuerySelector("#f-unit option[value='" + mecca.ToString(CultureInfo.InvariantCulture) + "']"));
    }

    [Fact]
    [Trait("Clock", "Sensitive")]
    public async Task Every_figure_links_to_the_report_behind_it()
    {
        fixture.Require();
        await FoldAsync();
        var coordinator = await StaffAsync("coordinator");
        var (response, page) = await coordinator.GetAsync("/staff/indicators?" + Period + "&type=Complaint");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var from = Today.AddDays(-700).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"/staff/reports?from={from}&to={to}&type=Complaint", page.QuerySelector("#fig-received")!.GetAttribute("href"));
        Assert.Equal($"/staff/reports?from={from}&to={to}&type=Complaint&state=open", page.QuerySelector("#fig-open")!.GetAttribute("href"));
        Assert.Equal($"/staff/reports?from={from}&to={to}&type=Complaint&flag=ontime", page.QuerySelector("#fig-ontime")!.GetAttribute("href"));
        Assert.Equal($"/staff/reports?from={from}&to={to}&type=Complaint&status=Resolved", page.QuerySelector("#fig-resolved")!.GetAttribute("href"));
        // Each chart has its data table, and each of its values is a link too.
        foreach (var chart in new[] { "chart-status", "chart-type", "chart-categories", "chart-satisfaction", "chart-trend" })
        {
            var figure = page.QuerySelector("#" + chart)!;
            Assert.NotNull(figure.QuerySelector("table.chart-table"));
            Assert.All(figure.QuerySelectorAll("table.chart-table tbody td a"), a => Assert.StartsWith("/staff/reports?", a.GetAttribute("href"), StringComparison.Ordinal));
        }
        Assert.Equal("true", page.QuerySelector("#chart-status .bars")!.GetAttribute("aria-hidden"));

        // "No category" opens the requests filed without one: the report lists exactly as many as the chart counts.
        await SubmitAsync("RIY-S1", "شكوى بلا تصنيف");
        await FoldAsync();
        (_, page) = await coordinator.GetAsync("/staff/indicators?" + Period + "&type=Complaint");
        var none = page.QuerySelectorAll("#chart-categories table.chart-table tbody td a").Single(a => a.GetAttribute("href")!.Contains("categoryId=none", StringComparison.Ordinal));
        var (reportResponse, report) = await coordinator.GetAsync(none.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, reportResponse.StatusCode);
        var numbers = report.QuerySelectorAll("td.report-number a").Select(a => a.TextContent).ToList();
        Assert.Equal(long.Parse(Digits.StripSeparators(Digits.ToAscii(none.TextContent.Trim())), NumberStyles.None, CultureInfo.InvariantCulture), numbers.Count);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            Assert.All(numbers, n => Assert.Null(db.Set<Request>().Single(r => r.Number == n).CategoryId));
        }
    }

    [Fact]
    public async Task A_bad_period_gets_a_localized_message_and_a_hijri_month_works()
    {
        fixture.Require();
        var supervisor = await StaffAsync("supervisor");
        var (response, page) = await supervisor.GetAsync("/staff/indicators?from=2026-13-45&to=2026-01-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#indicator-errors"));
        Assert.Null(page.QuerySelector("#figures"));
        Assert.Equal("2026-13-45", page.QuerySelector("#from")!.GetAttribute("value"));
        (response, page) = await supervisor.GetAsync("/staff/indicators?hmonth=" + Uri.EscapeDataString("١٤٤٨-٠٥"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("#indicator-errors"));
        var first = new UmAlQuraCalendar().ToDateTime(1448, 5, 1, 0, 0, 0, 0);
        Assert.Equal(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.QuerySelector("#indicator-scope time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Only_staff_who_view_requests_open_it()
    {
        fixture.Require();
        var anonymous = WebSession.Start(fixture.App);
        var (response, _) = await anonymous.GetAsync("/staff/indicators");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        (response, _) = await parent.GetAsync("/staff/indicators");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // A principal or a call-centre agent works requests but does not answer for a unit's performance.
        var agent = await StaffAsync("principal");
        (response, _) = await agent.GetAsync("/staff/indicators");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

public sealed class IndicatorPageTestsOnSqlite(SqliteAppFixture f) : IndicatorPageTests(f), IClassFixture<SqliteAppFixture>;

public sealed class IndicatorPageTestsOnPostgres(PostgresAppFixture f) : IndicatorPageTests(f), IClassFixture<PostgresAppFixture>;
