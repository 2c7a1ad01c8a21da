using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>The "overdue" queue (issue 3, point 5): past the resolution time of the request's importance, within scope.</summary>
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
        request.CreatedAt = DateTimeOffset.UtcNow - age;
        request.Importance = importance;
        request.Status = status;
        await db.SaveChangesAsync();
    }

    private async Task<string> OverdueAsync(string user)
    {
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync(user, DemoData.Password);
        var (response, doc) = await s.GetAsync("/staff/requests?queue=Overdue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(doc.QuerySelector("#count-Overdue"));
        return doc.QuerySelector("main")!.TextContent;
    }

    [SkippableFact]
    public async Task Requests_past_the_time_of_their_importance_show_as_overdue_to_those_who_may_see_them()
    {
        fixture.Require();
        var late = await SubmitAsync("متأخر عادي");
        var urgentLate = await SubmitAsync("متأخر هام جدا");
        var onTime = await SubmitAsync("في الوقت عادي");
        var waiting = await SubmitAsync("بانتظار المستفيد");
        var resolved = await SubmitAsync("تم حله");
        await AgeAsync(late, TimeSpan.FromDays(6), Importance.Normal, RequestStatus.UnderStudy);
        await AgeAsync(urgentLate, TimeSpan.FromDays(2), Importance.VeryImportant, RequestStatus.New);
        await AgeAsync(onTime, TimeSpan.FromDays(2), Importance.Normal, RequestStatus.UnderStudy);
        await AgeAsync(waiting, TimeSpan.FromDays(9), Importance.Normal, RequestStatus.AwaitingRequester);
        await AgeAsync(resolved, TimeSpan.FromDays(9), Importance.Normal, RequestStatus.Resolved);

        var page = await OverdueAsync("coordinator");
        Assert.Contains(late, page, StringComparison.Ordinal);
        Assert.Contains(urgentLate, page, StringComparison.Ordinal);
        Assert.DoesNotContain(onTime, page, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting, page, StringComparison.Ordinal);
        Assert.DoesNotContain(resolved, page, StringComparison.Ordinal);

        // Another directorate's coordinator sees none of them.
        var other = await OverdueAsync("coordinator2");
        Assert.DoesNotContain(late, other, StringComparison.Ordinal);
        Assert.DoesNotContain(urgentLate, other, StringComparison.Ordinal);
    }

    [SkippableFact]
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
