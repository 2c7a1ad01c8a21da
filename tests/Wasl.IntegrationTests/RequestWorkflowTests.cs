using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Staff actions on a request: every step on the timeline, denials, and no lost update (issue 3).</summary>
public abstract class RequestWorkflowTests(AppFixture fixture)
{
    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<(string Number, string Secret)> GuestSubmitsAsync(string subject)
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = (await UnitIdAsync("RIY-S1")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        });
        var (_, receipt) = await s.FollowAsync(response);
        return (receipt.QuerySelector("#request-number")!.TextContent, receipt.QuerySelector("#request-secret")!.TextContent);
    }

    private async Task<WebSession> StaffAsync(string user)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password)).StatusCode);
        return s;
    }

    private static async Task<HttpResponseMessage> ActAsync(WebSession s, string number, string handler, Dictionary<string, string> fields, IHtmlDocument? page = null)
    {
        page ??= (await s.GetAsync($"/staff/requests/{number}")).Document;
        var selector = handler is "Take" or "Importance" or "Close" ? $"form[action*='handler={handler}']" : "#text-actions";
        return await s.SubmitAsync(page, $"/staff/requests/{number}", fields, formSelector: selector, action: $"/staff/requests/{number}?handler={handler}");
    }

    [SkippableFact]
    public async Task A_complaint_goes_from_one_coordinator_to_another_and_the_guest_sees_only_what_is_public()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("معلم يغيب كثيرًا");
        var riyadh = await StaffAsync("coordinator");
        Assert.DoesNotContain(number, (await riyadh.GetAsync("/staff/requests?queue=Mine")).Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Take", [])).StatusCode);
        var (_, mine) = await riyadh.GetAsync("/staff/requests?queue=Mine");
        Assert.Contains(number, mine.QuerySelector("#queue")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(number, (await (await StaffAsync("supervisor")).GetAsync("/staff/requests?queue=Mine")).Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Importance", new() { ["Action.Importance"] = "VeryImportant" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Note", new() { ["Action.Text"] = "ملاحظة سرية للزملاء" })).StatusCode);
        var forward = await ActAsync(riyadh, number, "Forward", new() { ["Action.Text"] = "من اختصاص مكة", ["Action.UnitId"] = (await UnitIdAsync("MKK")).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // The request left the sender's subtree: back to the queue, and it is no longer theirs to see.
        Assert.Equal("/staff/requests", forward.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await riyadh.GetAsync($"/staff/requests/{number}")).Response.StatusCode);

        var makkah = await StaffAsync("coordinator2");
        var noText = await ActAsync(makkah, number, "Resolve", new() { ["Action.Text"] = "" });
        Assert.Equal(HttpStatusCode.OK, noText.StatusCode);
        Assert.Contains("اكتب الحل", (await WebSession.ParseAsync(noText)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(makkah, number, "Reply", new() { ["Action.Text"] = "نعتذر عن التأخير ونتابع الأمر." })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(makkah, number, "Resolve", new() { ["Action.Text"] = "تم توجيه المدرسة وتعيين معلم بديل." })).StatusCode);

        var (_, staffView) = await makkah.GetAsync($"/staff/requests/{number}");
        var kinds = staffView.QuerySelectorAll("#timeline li").Select(li => li.GetAttribute("data-kind")).ToList();
        Assert.Equal(["Submitted", "Routed", "Taken", "ImportanceChanged", "InternalNote", "Forwarded", "PublicReply", "Resolved"], kinds);
        Assert.Contains("هام جدًا", staffView.QuerySelector("#request")!.TextContent, StringComparison.Ordinal);
        // Who, in which position (here acting for the director-general by delegation), and when.
        var taken = staffView.QuerySelector("#timeline li[data-kind='Taken']")!;
        Assert.Contains("منسق إدارة تعليم الرياض", taken.TextContent, StringComparison.Ordinal);
        Assert.Contains("بصفة المدير العام للتعليم بمنطقة الرياض (بالتفويض)", taken.TextContent, StringComparison.Ordinal);
        Assert.NotNull(taken.QuerySelector("time[datetime]"));

        var guest = WebSession.Start(fixture.App);
        var (_, tracked) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.Equal("تم الحل", tracked.QuerySelector("#status")!.TextContent);
        var guestTimeline = tracked.QuerySelector("#timeline")!.TextContent;
        Assert.Contains("تم توجيه المدرسة وتعيين معلم بديل.", guestTimeline, StringComparison.Ordinal);
        Assert.Contains("نعتذر عن التأخير", guestTimeline, StringComparison.Ordinal);
        Assert.DoesNotContain("ملاحظة سرية", tracked.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("من اختصاص مكة", tracked.Body!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_guest_answers_a_question_then_objects_and_the_request_reopens_one_level_up_then_rates_it()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("شكوى يعترض عليها");
        var riyadh = await StaffAsync("coordinator");
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Ask", new() { ["Action.Text"] = "ما اسم المعلم؟" })).StatusCode);

        var guest = WebSession.Start(fixture.App);
        var (_, view) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.Equal("بانتظار ردك", view.QuerySelector("#status")!.TextContent);
        var info = await guest.SubmitAsync(view, "/requests/track", new Dictionary<string, string> { ["Text"] = "الأستاذ خالد" }, formSelector: "#info-form");
        Assert.Equal(HttpStatusCode.Redirect, info.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Resolve", new() { ["Action.Text"] = "تم التنبيه على المعلم." })).StatusCode);
        var (_, resolved) = await guest.GetAsync("/requests/track");
        Assert.Equal("تم الحل", resolved.QuerySelector("#status")!.TextContent);
        var objection = await guest.SubmitAsync(resolved, "/requests/track", new Dictionary<string, string> { ["Text"] = "لم يتغير شيء" }, formSelector: "#object-form");
        Assert.Equal(HttpStatusCode.Redirect, objection.StatusCode);

        using (var scope = fixture.App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == number);
            // Submitted to the school; reopened at the school's parent, the Riyadh directorate.
            Assert.Equal(RequestStatus.Reopened, stored.Status);
            Assert.Equal(await UnitIdAsync("RIY"), stored.UnitId);
        }

        // The directorate's supervisor-level staff resolve it again; the guest rates it.
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Resolve", new() { ["Action.Text"] = "نُقل المعلم إلى عمل إداري." })).StatusCode);
        var (_, again) = await guest.GetAsync("/requests/track");
        Assert.Equal(HttpStatusCode.Redirect, (await guest.SubmitAsync(again, "/requests/track", new Dictionary<string, string> { ["Score"] = "4" }, formSelector: "#rate-form")).StatusCode);
        var (_, final) = await guest.GetAsync("/requests/track");
        Assert.Null(final.QuerySelector("#rate-form"));
        var kinds = final.QuerySelectorAll("#timeline li").Select(li => li.GetAttribute("data-kind")).ToList();
        Assert.Equal(["Submitted", "Routed", "InfoRequested", "InfoProvided", "Resolved", "Objected", "Resolved", "Rated"], kinds);
    }

    [SkippableFact]
    public async Task A_tracking_session_opens_one_request_only_and_a_beneficiary_sees_only_their_own()
    {
        fixture.Require();
        var (first, firstSecret) = await GuestSubmitsAsync("الطلب الأول");
        var (second, _) = await GuestSubmitsAsync("الطلب الثاني");
        var guest = WebSession.Start(fixture.App);
        var (_, view) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = first, ["Secret"] = firstSecret }));
        Assert.Contains(first, view.QuerySelector("#tracked")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(second, view.Body!.TextContent, StringComparison.Ordinal);
        // A number in the query string means nothing to a guest.
        var (_, other) = await guest.GetAsync($"/requests/track?number={second}");
        Assert.DoesNotContain("الطلب الثاني", other.Body!.TextContent, StringComparison.Ordinal);

        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        var (_, notMine) = await parent.GetAsync($"/requests/track?number={first}");
        Assert.Null(notMine.QuerySelector("#tracked"));
        Assert.DoesNotContain("الطلب الأول", notMine.Body!.TextContent, StringComparison.Ordinal);

        var own = await parent.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Suggestion",
            ["Input.Subject"] = "اقتراح ولي الأمر",
            ["Input.Description"] = "إضافة حصة للقراءة الحرة كل أسبوع.",
        });
        var (_, receipt) = await parent.FollowAsync(own);
        var ownNumber = receipt.QuerySelector("#request-number")!.TextContent;
        var (_, list) = await parent.GetAsync("/requests/track");
        Assert.Contains(ownNumber, list.QuerySelector("#mine")!.TextContent, StringComparison.Ordinal);
        var (_, mine) = await parent.GetAsync($"/requests/track?number={ownNumber}");
        Assert.Contains("اقتراح ولي الأمر", mine.QuerySelector("#tracked")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_staff_acting_at_once_do_not_overwrite_each_other()
    {
        fixture.Require();
        var (number, _) = await GuestSubmitsAsync("طلب يتنازع عليه اثنان");
        var first = await StaffAsync("coordinator");
        var second = await StaffAsync("supervisor");
        var firstPage = (await first.GetAsync($"/staff/requests/{number}")).Document;
        var secondPage = (await second.GetAsync($"/staff/requests/{number}")).Document;
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(first, number, "Importance", new() { ["Action.Importance"] = "Important" }, firstPage)).StatusCode);
        var stale = await ActAsync(second, number, "Importance", new() { ["Action.Importance"] = "Normal" }, secondPage);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("عدّل شخص آخر", (await WebSession.ParseAsync(stale)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var stored = await db.Set<Request>().SingleAsync(r => r.Number == number);
        Assert.Equal(Importance.Important, stored.Importance);
        Assert.Equal(1, stored.Version);
        Assert.Equal(1, await db.Set<RequestEvent>().CountAsync(e => e.RequestId == stored.Id && e.Kind == EventKind.ImportanceChanged));
    }

    [SkippableFact]
    public async Task Escalation_goes_to_the_parent_unit_and_staff_outside_the_subtree_cannot_act()
    {
        fixture.Require();
        var (number, _) = await GuestSubmitsAsync("طلب للتصعيد");
        var makkah = await StaffAsync("coordinator2");
        var riyadhPage = (await (await StaffAsync("coordinator")).GetAsync($"/staff/requests/{number}")).Document;
        // A forged action with a valid token from another session's page is still refused: the request is not theirs.
        var forged = await makkah.Client.PostAsync($"/staff/requests/{number}?handler=Take", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__wasl_af"] = ((IHtmlInputElement)(await makkah.GetAsync("/staff")).Document.QuerySelector("input[name=__wasl_af]")!).Value,
            ["Action.Version"] = "0",
        }));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.NotNull(riyadhPage);

        var riyadh = await StaffAsync("coordinator");
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(riyadh, number, "Escalate", new() { ["Action.Text"] = "يحتاج قرار الإدارة" })).StatusCode);
        using var scope = fixture.App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == number);
        Assert.Equal(await UnitIdAsync("RIY"), stored.UnitId);
        Assert.Equal(RequestStatus.Escalated, stored.Status);
    }
}

public sealed class RequestWorkflowTestsOnSqlite(SqliteAppFixture f) : RequestWorkflowTests(f), IClassFixture<SqliteAppFixture>;

public sealed class RequestWorkflowTestsOnPostgres(PostgresAppFixture f) : RequestWorkflowTests(f), IClassFixture<PostgresAppFixture>;
