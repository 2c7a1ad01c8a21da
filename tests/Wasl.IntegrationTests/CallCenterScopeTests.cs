using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// The call-center lookup by mobile or national ID shows only what the searcher may see (issue 11, point 4): the
/// national call centre everything, a directorate's coordinator the requests and callers of their subtree, and a
/// caller's account only to those who may act for them.
/// </summary>
public abstract class CallCenterScopeTests(AppFixture fixture)
{
    private const string ParentName = "ولي أمر تجريبي";
    private const string ParentMobile = "0500000099";

    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> query)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private async Task<string> UnitIdAsync(string code) =>
        (await DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);

    private async Task<WebSession> StaffAsync(string user)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password)).StatusCode);
        return s;
    }

    private async Task<string> FileAsync(WebSession s, string unitCode, string subject, string? mobile)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = await UnitIdAsync(unitCode),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Role"] = "Parent",
        };
        if (mobile is not null)
        {
            fields["Input.Name"] = "متصل";
            fields["Input.Mobile"] = mobile;
        }
        var response = await s.SubmitAsync("/requests/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private static async Task<(string Caller, string Earlier, IHtmlDocument Page)> LookUpAsync(WebSession s, string q)
    {
        var (response, page) = await s.GetAsync("/staff/call-center?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (page.QuerySelector("#caller")!.TextContent, page.QuerySelector("#earlier")?.TextContent ?? "", page);
    }

    [SkippableFact]
    public async Task A_directorate_coordinator_finds_only_the_requests_and_callers_of_their_subtree()
    {
        fixture.Require();
        // A caller without an account, with a complaint to a Riyadh school and one to a Makkah school.
        const string mobile = "0544440001";
        var inRiyadh = await FileAsync(WebSession.Start(fixture.App), "RIY-S1", "شكوى في الرياض", mobile);
        var inMakkah = await FileAsync(WebSession.Start(fixture.App), "MKK-S1", "شكوى في مكة", mobile);
        // The demo parent (an account) with a complaint to a Makkah school only.
        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        var parentsRequest = await FileAsync(parent, "MKK-S2", "شكوى ولي الأمر في مكة", null);

        var riyadh = await StaffAsync("coordinator");
        var makkah = await StaffAsync("coordinator2");
        var agent = await StaffAsync("agent");

        var (_, earlier, _) = await LookUpAsync(riyadh, mobile);
        Assert.Contains(inRiyadh, earlier, StringComparison.Ordinal);
        Assert.DoesNotContain(inMakkah, earlier, StringComparison.Ordinal);
        (_, earlier, _) = await LookUpAsync(makkah, mobile);
        Assert.Contains(inMakkah, earlier, StringComparison.Ordinal);
        Assert.DoesNotContain(inRiyadh, earlier, StringComparison.Ordinal);
        (_, earlier, _) = await LookUpAsync(agent, mobile);
        Assert.Contains(inRiyadh, earlier, StringComparison.Ordinal);
        Assert.Contains(inMakkah, earlier, StringComparison.Ordinal);

        // Riyadh sees none of the parent's requests, so it learns nothing of them, not even that an account exists
        // (by mobile or national ID), and nothing is filled in for it.
        foreach (var q in new[] { ParentMobile, "1000000008" })
        {
            var (caller, nothing, page) = await LookUpAsync(riyadh, q);
            Assert.DoesNotContain(ParentName, page.Body!.TextContent, StringComparison.Ordinal);
            Assert.Contains("لا يوجد متصل بهذا الرقم ضمن الطلبات التي يحق لك الاطلاع عليها", caller, StringComparison.Ordinal);
            Assert.DoesNotContain(parentsRequest, nothing, StringComparison.Ordinal);
            Assert.Equal("", ((IHtmlInputElement)page.QuerySelector("#Input_Name")!).Value);
        }

        // Makkah sees the parent's request, so it may act for them; so may the national call centre.
        var (makkahCaller, makkahEarlier, _) = await LookUpAsync(makkah, ParentMobile);
        Assert.Contains(ParentName, makkahCaller, StringComparison.Ordinal);
        Assert.Contains(parentsRequest, makkahEarlier, StringComparison.Ordinal);
        var (agentCaller, agentEarlier, _) = await LookUpAsync(agent, ParentMobile);
        Assert.Contains(ParentName, agentCaller, StringComparison.Ordinal);
        Assert.Contains(parentsRequest, agentEarlier, StringComparison.Ordinal);

        // Filing by the parent's mobile from Riyadh does not attach the request to the account (nor copy its data):
        // it is a guest request with a number and secret to read out.
        var (_, _, form) = await LookUpAsync(riyadh, ParentMobile);
        var filed = await riyadh.SubmitAsync(form, "/staff/call-center?q=" + ParentMobile, new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.Subject"] = "استفسار هاتفي من الرياض",
            ["Input.Description"] = "متى تبدأ الاختبارات النهائية؟",
            ["Input.Name"] = "متصل",
            ["Input.Mobile"] = ParentMobile,
        }, formSelector: "#call-form");
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var (_, receipt) = await riyadh.FollowAsync(filed);
        Assert.NotNull(receipt.QuerySelector("#request-secret"));
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        var stored = await DbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Null(stored.RequesterId);
        Assert.Null(stored.RequesterEmail);
        Assert.Null(stored.RequesterNationalId);
    }
}

public sealed class CallCenterScopeTestsOnSqlite(SqliteAppFixture f) : CallCenterScopeTests(f), IClassFixture<SqliteAppFixture>;

public sealed class CallCenterScopeTestsOnPostgres(PostgresAppFixture f) : CallCenterScopeTests(f), IClassFixture<PostgresAppFixture>;
