using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>The queues (issue 3, point 5): tabs, filters and scope. The "overdue" queue in working time is in DeadlineTests.</summary>
public abstract class QueueTests(AppFixture fixture)
{
    private async Task<string> SubmitAsync(string subject, string? nationalId = null)
    {
        int unitId;
        using (var scope = fixture.App.Services.CreateScope())
            unitId = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "RIY-S2").Select(u => u.Id).SingleAsync();
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.UnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "استفسار عن مواعيد التسجيل في المدرسة.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
            ["Input.NationalId"] = nationalId ?? "",
        });
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private async Task AgeAsync(string number, TimeSpan age, Importance importance, RequestStatus status)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var request = await db.Set<Request>().SingleAsync(r => r.Number == number);
        request.CreatedAt = fixture.App.Clock.GetUtcNow() - age; // the application's now: its clock may run ahead of the machine's
        request.Importance = importance;
        request.Status = status;
        await db.SaveChangesAsync();
    }

    [SkippableFact]
    [Trait("Clock", "Sensitive")]
    public async Task Awaiting_requester_has_its_own_tab_and_filters_narrow_every_tab_within_scope()
    {
        fixture.Require();
        var waiting = await SubmitAsync("بانتظار رد ولي الأمر");
        var urgent = await SubmitAsync("طلب هام جدا للتصفية");
        await AgeAsync(waiting, TimeSpan.FromHours(1), Importance.Normal, RequestStatus.AwaitingRequester);
        await AgeAsync(urgent, TimeSpan.FromHours(1), Importance.VeryImportant, RequestStatus.New);
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync("coordinator", DemoData.Password);

        var (_, awaiting) = await s.GetAsync("/staff/requests?queue=Awaiting");
        Assert.Contains(waiting, awaiting.QuerySelector("#queue")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting, (await s.GetAsync("/staff/requests?queue=Open")).Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var (_, filtered) = await s.GetAsync("/staff/requests?queue=New&importance=VeryImportant&type=Inquiry");
        var text = filtered.QuerySelector("#queue")!.TextContent;
        Assert.Contains(urgent, text, StringComparison.Ordinal);
        Assert.All(filtered.QuerySelectorAll("#queue tbody tr"), row => Assert.Contains("هام جدًا", row.TextContent, StringComparison.Ordinal));
        Assert.Contains("importance=VeryImportant", filtered.QuerySelector("#count-Open")!.ParentElement!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.DoesNotContain(urgent, (await s.GetAsync("/staff/requests?queue=New&type=Complaint")).Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Filtering by a unit outside one's subtrees never widens what one sees.
        int makkah;
        using (var scope = fixture.App.Services.CreateScope())
            makkah = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "MKK").Select(u => u.Id).SingleAsync();
        var (outside, page) = await s.GetAsync($"/staff/requests?queue=New&unitId={makkah}");
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        Assert.Null(page.QuerySelector("#queue"));
    }

    [SkippableFact]
    public async Task Lists_never_show_a_requesters_national_id_or_mobile_only_the_request_screen_does()
    {
        fixture.Require();
        var number = await SubmitAsync("خصوصية بيانات مقدم الطلب", nationalId: "1000000016");
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync("coordinator", DemoData.Password);
        foreach (var list in new[] { "/staff/requests?queue=New", "/staff/requests/search?q=" + Uri.EscapeDataString("خصوصيه") })
        {
            var (_, doc) = await s.GetAsync(list);
            var text = doc.QuerySelector("main")!.TextContent;
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.DoesNotContain("1000000016", text, StringComparison.Ordinal);
            Assert.DoesNotContain("551112233", text, StringComparison.Ordinal);
        }
        var (_, detail) = await s.GetAsync($"/staff/requests/{number}");
        Assert.Contains("1000000016", detail.QuerySelector("#requester")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("+966551112233", detail.QuerySelector("#requester")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class QueueTestsOnSqlite(SqliteAppFixture f) : QueueTests(f), IClassFixture<SqliteAppFixture>;

public sealed class QueueTestsOnPostgres(PostgresAppFixture f) : QueueTests(f), IClassFixture<PostgresAppFixture>;
