using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Call-center intake on behalf of a caller (issue 3).</summary>
public abstract class CallCenterTests(AppFixture fixture)
{
    [SkippableFact]
    public async Task An_agent_finds_a_caller_by_mobile_in_arabic_indic_digits_and_files_a_complaint_for_them()
    {
        fixture.Require();
        var agent = WebSession.Start(fixture.App);
        await agent.SignInAsync("agent", DemoData.Password);
        var (found, page) = await agent.GetAsync("/staff/call-center?q=" + Uri.EscapeDataString("٠٥٠٠٠٠٠٠٩٩"));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains("ولي أمر تجريبي", page.QuerySelector("#caller")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("+966500000099", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Input_Mobile")!).Value);

        var filed = await agent.SubmitAsync(page, "/staff/call-center", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.Subject"] = "شكوى عبر الهاتف",
            ["Input.Description"] = "المتصل يشكو من ازدحام الفصول.",
            ["Input.Role"] = "Parent",
        }, formSelector: "#call-form", action: "/staff/call-center");
        var (_, receipt) = await agent.FollowAsync(filed);
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        // The caller has an account: the request is theirs, no secret to read out.
        Assert.Null(receipt.QuerySelector("#request-secret"));

        using (var scope = fixture.App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == number);
            Assert.Equal(IntakeChannel.CallCenter, stored.Channel);
            Assert.NotNull(stored.RequesterId);
            Assert.Equal("1000000008", stored.RequesterNationalId);
        }

        var (_, again) = await agent.GetAsync("/staff/call-center?q=0500000099");
        Assert.Contains(number, again.QuerySelector("#earlier")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_caller_without_an_account_gets_a_number_and_secret_read_out()
    {
        fixture.Require();
        var agent = WebSession.Start(fixture.App);
        await agent.SignInAsync("agent", DemoData.Password);
        var (_, page) = await agent.GetAsync("/staff/call-center?q=0533334444");
        Assert.Contains("لا يوجد حساب", page.QuerySelector("#caller")!.TextContent, StringComparison.Ordinal);
        var filed = await agent.SubmitAsync(page, "/staff/call-center", new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.Subject"] = "استفسار هاتفي",
            ["Input.Description"] = "متى تبدأ الاختبارات النهائية؟",
            ["Input.Name"] = "متصل جديد",
        }, formSelector: "#call-form", action: "/staff/call-center");
        var (_, receipt) = await agent.FollowAsync(filed);
        Assert.NotNull(receipt.QuerySelector("#request-secret"));
    }

    [SkippableFact]
    public async Task Only_staff_with_a_call_center_or_coordination_role_may_use_it()
    {
        fixture.Require();
        var principal = WebSession.Start(fixture.App);
        await principal.SignInAsync("principal", DemoData.Password);
        Assert.Contains("/access-denied", (await principal.GetAsync("/staff/call-center?q=0500000099")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        Assert.Contains("/access-denied", (await parent.GetAsync("/staff/call-center")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

public sealed class CallCenterTestsOnSqlite(SqliteAppFixture f) : CallCenterTests(f), IClassFixture<SqliteAppFixture>;

public sealed class CallCenterTestsOnPostgres(PostgresAppFixture f) : CallCenterTests(f), IClassFixture<PostgresAppFixture>;
