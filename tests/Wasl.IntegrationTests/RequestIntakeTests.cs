using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Intake through the portal, the receipt, tracking by number and secret, and the staff queues (issue 3, first slice).</summary>
public abstract class RequestIntakeTests(AppFixture fixture)
{
    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<(string Number, string Secret)> GuestSubmitsAsync(string subject, string unitCode)
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = (await UnitIdAsync(unitCode)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "الحافلة المدرسية تتأخر كل صباح منذ أسبوعين.",
            ["Input.Role"] = "Parent",
            ["Input.Name"] = "ضيف تجريبي",
            ["Input.Mobile"] = "٠٥٤١٢٣٤٥٦٧",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (receipt, doc) = await s.FollowAsync(response);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        var number = doc.QuerySelector("#request-number")!.TextContent;
        var secret = doc.QuerySelector("#request-secret")!.TextContent;
        // The printable receipt carries a QR code of the tracking page's address, never the secret.
        Assert.StartsWith("data:image/svg+xml;base64,", doc.QuerySelector("#tracking-qr")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Contains("/requests/track", doc.QuerySelector(".receipt-extra")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, doc.QuerySelector(".receipt-extra")!.TextContent, StringComparison.Ordinal);
        // The receipt is shown once.
        var (again, _) = await s.GetAsync("/requests/submitted");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        return (number, secret);
    }

    [SkippableFact]
    public async Task A_guest_gets_a_number_and_secret_and_follows_the_request_with_both()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("تأخر الحافلة المدرسية", "RIY-S1");
        Assert.Matches("^WSL-[0-9]{4}-[0-9A-Z]{7}-.$", number);
        Assert.Equal(8, secret.Length);

        var s = WebSession.Start(fixture.App);
        // Typed loosely: lower case, Arabic-Indic digits for the year.
        var typed = number.ToLowerInvariant().Replace(number[4..8], new string(number[4..8].Select(c => (char)('\u0660' + (c - '0'))).ToArray()), StringComparison.Ordinal);
        var (shown, doc) = await s.FollowAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = typed, ["Secret"] = secret.ToLowerInvariant() }));
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("جديد", doc.QuerySelector("#status")!.TextContent);
        Assert.Contains("مدرسة الرياض الابتدائية الأولى", doc.QuerySelector("#tracked")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("+966541234567", doc.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, doc.QuerySelectorAll("#timeline li").Length);

        using var scope = fixture.App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == number);
        Assert.Equal("+966541234567", stored.RequesterMobile);
        Assert.Equal(IntakeChannel.Portal, stored.Channel);
        Assert.DoesNotContain(secret, Convert.ToHexString(stored.GuestSecretHash!), StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Clock", "Zone")] // a fixed instant: the deployment zone alone decides its year
    public async Task A_request_filed_just_after_local_new_year_carries_the_new_year_in_its_number()
    {
        fixture.Require();
        // 00:30 on 1 January in the deployment's zone is still 31 December in UTC: the number takes the local year.
        fixture.App.Clock.Freeze(fixture.App.AtLocal(new DateTime(2031, 1, 1, 0, 30, 0)));
        try
        {
            var (number, _) = await GuestSubmitsAsync("طلب في أول دقائق السنة", "RIY-S1");
            Assert.StartsWith("WSL-2031-", number, StringComparison.Ordinal);
        }
        finally
        {
            fixture.App.Clock.Reset();
        }
    }

    [SkippableFact]
    public async Task The_number_alone_or_a_wrong_secret_reveals_nothing()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("طلب سري", "RIY-S1");
        var s = WebSession.Start(fixture.App);
        var wrong = await WebSession.ParseAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = "AAAAAAAA" }));
        var missing = await WebSession.ParseAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = "WSL-2026-7K3Q9D1-" + new Wasl.Web.Platform.References.ReferenceNumber("WSL", 2026, "7K3Q9D1").Check, ["Secret"] = secret }));
        var empty = await WebSession.ParseAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = "" }));
        Assert.Null(wrong.QuerySelector("#tracked"));
        Assert.Null(missing.QuerySelector("#tracked"));
        Assert.Null(empty.QuerySelector("#tracked"));
        Assert.Equal(wrong.QuerySelector(".error-summary")!.TextContent, missing.QuerySelector(".error-summary")!.TextContent);
        Assert.DoesNotContain("طلب سري", wrong.Body!.TextContent, StringComparison.Ordinal);
        // There is no GET that takes a number.
        var (get, getDoc) = await s.GetAsync($"/requests/track?number={number}");
        Assert.Null(getDoc.QuerySelector("#tracked"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [SkippableFact]
    public async Task Five_wrong_secrets_lock_the_number_from_every_address()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("طلب يحاول أحد تخمين رمزه", "RIY-S1");
        for (var i = 0; i < 5; i++)
        {
            var guess = await WebSession.Start(fixture.App).SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = $"WRONG00{i}" });
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }
        // Even the right secret, from a new browser, waits out the lock.
        var locked = await WebSession.ParseAsync(await WebSession.Start(fixture.App).SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.Null(locked.QuerySelector("#tracked"));
        Assert.Contains("محاولات خاطئة كثيرة", locked.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        // Another number is not affected.
        var (other, otherSecret) = await GuestSubmitsAsync("طلب آخر", "RIY-S1");
        var s = WebSession.Start(fixture.App);
        var (_, view) = await s.FollowAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = other, ["Secret"] = otherSecret }));
        Assert.NotNull(view.QuerySelector("#tracked"));
    }

    [SkippableFact]
    public async Task A_form_with_errors_keeps_what_was_typed_and_writes_nothing()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Suggestion",
            ["Input.Subject"] = "اقتراح بلا تفاصيل",
            ["Input.Description"] = "",
            ["Input.Name"] = "",
            ["Input.Mobile"] = "123",
        });
        var doc = await WebSession.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, doc.QuerySelectorAll(".error-summary li").Length);
        Assert.Equal("اقتراح بلا تفاصيل", ((AngleSharp.Html.Dom.IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);
        // Refused fields say so to assistive technology too; accepted ones do not.
        Assert.Equal("true", doc.QuerySelector("#Input_Description")!.GetAttribute("aria-invalid"));
        Assert.Equal("true", doc.QuerySelector("#Input_Mobile")!.GetAttribute("aria-invalid"));
        Assert.Null(doc.QuerySelector("#Input_Subject")!.GetAttribute("aria-invalid"));
        using var scope = fixture.App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().AnyAsync(r => r.Subject == "اقتراح بلا تفاصيل"));
    }

    [SkippableFact]
    public async Task A_signed_in_beneficiary_submits_without_a_secret_and_with_account_data()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync("1000000008", DemoData.Password, staff: false);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.Subject"] = "موعد التسجيل",
            ["Input.Description"] = "متى يبدأ التسجيل للصف الأول؟",
            ["Input.Role"] = "Parent",
        });
        var (_, receipt) = await s.FollowAsync(response);
        Assert.NotNull(receipt.QuerySelector("#request-number"));
        Assert.Null(receipt.QuerySelector("#request-secret"));
        using var scope = fixture.App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Subject == "موعد التسجيل");
        Assert.Equal("1000000008", stored.RequesterNationalId);
        Assert.Null(stored.GuestSecretHash);
        // No unit chosen and no responsible unit: the ministry centre receives it.
        Assert.Equal(await UnitIdAsync("MOE"), stored.UnitId);
    }

    [SkippableFact]
    public async Task Staff_see_only_the_requests_of_their_subtree()
    {
        fixture.Require();
        var (number, _) = await GuestSubmitsAsync("شكوى لمدرسة الرياض", "RIY-S1");

        var riyadh = WebSession.Start(fixture.App);
        await riyadh.SignInAsync("coordinator", DemoData.Password);
        var (queue, queueDoc) = await riyadh.GetAsync("/staff/requests");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains(number, queueDoc.QuerySelector("#queue")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("+966541234567", queueDoc.QuerySelector("#queue")!.TextContent, StringComparison.Ordinal);
        var (detail, detailDoc) = await riyadh.GetAsync($"/staff/requests/{number}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Contains("+966541234567", detailDoc.QuerySelector("#requester")!.TextContent, StringComparison.Ordinal);

        var makkah = WebSession.Start(fixture.App);
        await makkah.SignInAsync("coordinator2", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await makkah.GetAsync($"/staff/requests/{number}")).Response.StatusCode);
        var (_, otherQueue) = await makkah.GetAsync("/staff/requests");
        Assert.DoesNotContain(number, otherQueue.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var principal = WebSession.Start(fixture.App);
        await principal.SignInAsync("principal", DemoData.Password);
        Assert.Contains("/access-denied", (await principal.GetAsync("/staff/requests")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        Assert.Contains("/access-denied", (await parent.GetAsync($"/staff/requests/{number}")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/staff/sign-in", (await WebSession.Start(fixture.App).GetAsync($"/staff/requests/{number}")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

public sealed class RequestIntakeTestsOnSqlite(SqliteAppFixture f) : RequestIntakeTests(f), IClassFixture<SqliteAppFixture>;

public sealed class RequestIntakeTestsOnPostgres(PostgresAppFixture f) : RequestIntakeTests(f), IClassFixture<PostgresAppFixture>;
