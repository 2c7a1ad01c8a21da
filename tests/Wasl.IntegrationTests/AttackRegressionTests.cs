using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Indicators;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Localization;

namespace Wasl.Tests;

/// <summary>
/// What was refused when Wasl was attacked stays refused (issue 11, point 14), where no other test already holds it:
/// forged staff actions on another directorate's request, indicators of a unit outside one's scope, and open
/// redirects through every return address. (Attachments: AttachmentTests; report exports: ReportTests; the language
/// switch with an absolute address: ShellTests.)
/// </summary>
public abstract class AttackRegressionTests(AppFixture fixture)
{
    private static readonly TimeZoneInfo Riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");

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

    private async Task<string> GuestComplaintAsync(string unitCode, string subject)
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = await UnitIdAsync(unitCode),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    [SkippableFact]
    public async Task Forged_forward_resolve_and_note_on_another_directorates_request_are_refused_and_nothing_is_written()
    {
        fixture.Require();
        var number = await GuestComplaintAsync("RIY-S1", "شكوى لا تخص مكة");
        var before = await DbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        var events = await DbAsync(db => db.Set<RequestEvent>().CountAsync(e => e.RequestId == before.Id));

        // Makkah's coordinator, with a valid token of their own session, posts actions on Riyadh's request.
        var makkah = await StaffAsync("coordinator2");
        var token = ((IHtmlInputElement)(await makkah.GetAsync("/staff")).Document.QuerySelector("input[name=__wasl_af]")!).Value;
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
        {
            ("Forward", new() { ["Action.UnitId"] = await UnitIdAsync("MKK"), ["Action.Text"] = "إلى مكة" }),
            ("Resolve", new() { ["Action.Text"] = "تم الحل" }),
            ("Note", new() { ["Action.Text"] = "ملاحظة مزورة" }),
        })
        {
            fields["__wasl_af"] = token;
            fields["Action.Version"] = before.Version.ToString(CultureInfo.InvariantCulture);
            var response = await makkah.Client.PostAsync($"/staff/requests/{number}?handler={handler}", new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} answered {(int)response.StatusCode}");
        }

        var after = await DbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Equal((before.UnitId, before.Status, before.Version, before.Resolution), (after.UnitId, after.Status, after.Version, after.Resolution));
        Assert.Equal(events, await DbAsync(db => db.Set<RequestEvent>().CountAsync(e => e.RequestId == before.Id)));
    }

    [SkippableFact]
    public async Task Indicators_of_a_unit_outside_ones_scope_count_nothing()
    {
        fixture.Require();
        await GuestComplaintAsync("MKK-S1", "شكوى في مكة للمؤشرات");
        using (var scope = fixture.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RequestStatsFolder>().FoldAllAsync(CancellationToken.None);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Riyadh).DateTime);
        var url = $"/staff/indicators?from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}&unitId={await UnitIdAsync("MKK")}";

        // The ministry's supervisor counts Makkah's complaint; Riyadh's coordinator, asking for Makkah, counts nothing.
        var (_, national) = await (await StaffAsync("supervisor")).GetAsync(url);
        Assert.True(Figure(national, "fig-received") >= 1);
        var (_, riyadh) = await (await StaffAsync("coordinator")).GetAsync(url);
        Assert.Equal(0, Figure(riyadh, "fig-received"));
        Assert.DoesNotContain("شكوى في مكة للمؤشرات", riyadh.Body!.TextContent, StringComparison.Ordinal);
    }

    private static long Figure(IHtmlDocument page, string id) =>
        long.Parse(Digits.StripSeparators(Digits.ToAscii(page.QuerySelector("#" + id)!.TextContent.Trim())), NumberStyles.None, CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("http:evil.example")]
    public async Task Sign_in_ignores_an_outside_return_address(string returnUrl)
    {
        fixture.Require();
        var staff = WebSession.Start(fixture.App);
        var response = await staff.SubmitAsync("/staff/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl),
            new Dictionary<string, string> { ["Input.Login"] = "coordinator", ["Input.Password"] = DemoData.Password, ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff", response.Headers.Location!.OriginalString);

        var beneficiary = WebSession.Start(fixture.App);
        response = await beneficiary.SubmitAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl),
            new Dictionary<string, string> { ["Input.Login"] = "1000000008", ["Input.Password"] = DemoData.Password, ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
    }

    [SkippableTheory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("http:evil.example")]
    public async Task Preferences_and_the_language_switch_ignore_an_outside_return_address(string returnUrl)
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var saved = await s.SubmitAsync("/preferences?returnUrl=" + Uri.EscapeDataString(returnUrl),
            new Dictionary<string, string> { ["Language"] = "ar", ["Calendar"] = "Gregorian", ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/preferences", saved.Headers.Location!.OriginalString);

        var switched = await s.SubmitAsync("/", new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = returnUrl }, formSelector: "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location!.OriginalString);
    }
}

public sealed class AttackRegressionTestsOnSqlite(SqliteAppFixture f) : AttackRegressionTests(f), IClassFixture<SqliteAppFixture>;

public sealed class AttackRegressionTestsOnPostgres(PostgresAppFixture f) : AttackRegressionTests(f), IClassFixture<PostgresAppFixture>;
