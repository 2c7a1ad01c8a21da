using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// One-time codes (issue 11, points 1, 5 and 6): they reach people in Production through the SMS gateway and the mail
/// server; they are budgeted, single-use and die after a few wrong tries; registration and sign-in say nothing about
/// who has an account.
/// </summary>
public abstract partial class OneTimeCodeTests(DatabaseProvider provider)
{
    private const string Pass = "my long pass phrase";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    private async Task<WaslAppFactory> AppAsync(string database, Dictionary<string, string?>? settings = null, string environment = "Development", bool captureCodes = true, string? connection = null)
    {
        var app = new WaslAppFactory(provider, connection ?? await TestDatabases.CreateAsync(provider, database), environment, settings, captureCodes);
        _ = app.Server;
        return app;
    }

    /// <summary>A valid Saudi national ID (10 digits, Luhn check digit) made from <paramref name="n"/>.</summary>
    private static string NationalId(int n)
    {
        var body = "1" + n.ToString("D8", CultureInfo.InvariantCulture);
        for (var check = 0; check < 10; check++)
        {
            var id = body + check.ToString(CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 10; i++)
            {
                var d = id[i] - '0';
                if (i % 2 == 0 && (d *= 2) > 9) d -= 9;
                sum += d;
            }
            if (sum % 10 == 0) return id;
        }
        throw new InvalidOperationException();
    }

    private static Dictionary<string, string> Registration(string nationalId, string mobile, string email = "") => new()
    {
        ["Input.FullName"] = "سارة أحمد",
        ["Input.NationalId"] = nationalId,
        ["Input.Mobile"] = mobile,
        ["Input.Email"] = email,
        ["Input.Password"] = Pass,
        ["Input.ConfirmPassword"] = Pass,
    };

    private static async Task<int> CodeCountAsync(WaslAppFactory app, string nationalId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var id = await db.Users.Where(u => u.NationalId == nationalId).Select(u => u.Id).SingleAsync();
        return await db.Set<OneTimeCode>().CountAsync(c => c.UserId == id);
    }

    private static async Task DispatchAsync(WaslAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    private static string CodeIn(string text) => SixDigits().Match(text) is { Success: true } m ? m.Value : throw new InvalidOperationException("No code in: " + text);

    private static async Task<string> SmsCodeAsync(SmsGateway gateway, string to, int nth)
    {
        var until = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < until)
        {
            var texts = gateway.Received.Where(x => x.Body.GetProperty("to").GetString() == to).Select(x => x.Body.GetProperty("text").GetString()!).ToList();
            if (texts.Count >= nth) return CodeIn(texts[nth - 1]);
            await Task.Delay(100);
        }
        throw new TimeoutException($"SMS {nth} to {to} did not arrive");
    }

    private static string Error(AngleSharp.Html.Dom.IHtmlDocument doc) => doc.QuerySelector(".error-summary")?.TextContent ?? "";

    [SkippableFact]
    public async Task In_production_a_mobile_and_an_email_are_confirmed_and_a_password_reset_through_the_sms_gateway_and_the_smtp_sink()
    {
        Require();
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await SmsGateway.StartAsync();
        await using var app = await AppAsync("codesprod", new()
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:From"] = "no-reply@wasl.example",
            ["Notifications:Sms:Url"] = gateway.Url,
            ["Notifications:Sms:ApiKey"] = "gateway-secret",
        }, environment: "Production", captureCodes: false);
        var id = NationalId(4001);
        var s = WebSession.Start(app);
        var registered = await s.SubmitAsync("/account/register", Registration(id, "0556000001", "sara@example.org"));
        Assert.Equal("/account/confirm-mobile", registered.Headers.Location!.OriginalString);
        Assert.Throws<InvalidOperationException>(() => app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000001")); // nothing captured: the real path

        await DispatchAsync(app);
        var mobileCode = await SmsCodeAsync(gateway, "+966556000001", 1);
        // A mobile confirmation code goes to the mobile only: the e-mail address is not confirmed and proves nothing.
        Assert.DoesNotContain(sink.Messages, m => m.To.Contains("sara@example.org"));
        var confirmed = await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = mobileCode });
        Assert.Equal("/account", confirmed.Headers.Location!.OriginalString);

        // The account page leads to confirming the e-mail address; the code arrives by mail.
        var (_, home) = await s.GetAsync("/account");
        Assert.Equal("/account/confirm-contact", home.QuerySelector("#confirm-contact")!.GetAttribute("href"));
        var send = await s.SubmitAsync("/account/confirm-contact", new Dictionary<string, string>(), formSelector: "#contact-email form[action*='handler=Send']");
        Assert.Equal(HttpStatusCode.Redirect, send.StatusCode);
        await DispatchAsync(app);
        var mail = await sink.WaitForAsync(m => m.To.Contains("sara@example.org"), Wait);
        var emailCode = CodeIn(mail.Text ?? "");
        var done = await s.SubmitAsync("/account/confirm-contact", new Dictionary<string, string> { ["Code"] = emailCode }, formSelector: "#contact-email form[action*='handler=Confirm']");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var (_, contact) = await s.GetAsync("/account/confirm-contact");
        Assert.NotNull(contact.QuerySelector("#contact-email .status-confirmed"));

        // Forgot password: the code goes by SMS and, now that it is confirmed, by e-mail too.
        var other = WebSession.Start(app);
        var forgot = await other.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = id });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        await DispatchAsync(app);
        var resetCode = await SmsCodeAsync(gateway, "+966556000001", 2);
        var resetMail = await sink.WaitForAsync(m => m.To.Contains("sara@example.org") && (m.Text ?? "").Contains(resetCode, StringComparison.Ordinal), Wait);
        Assert.NotNull(resetMail);
        var reset = await other.SubmitAsync("/account/reset-password", new Dictionary<string, string>
        {
            ["Input.Login"] = id,
            ["Input.Code"] = resetCode,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Equal("/account/sign-in", reset.Headers.Location!.OriginalString);
        Assert.Equal("/account", (await WebSession.Start(app).SignInAsync(id, "a brand new passphrase", staff: false)).Headers.Location!.OriginalString);

        // Delivered codes do not wait in the outbox for the 30-day purge: their text is forgotten once sent.
        using var scope = app.Services.CreateScope();
        var sent = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Template.StartsWith("Code")).ToListAsync();
        Assert.Equal(4, sent.Count); // the mobile and e-mail confirmations, the reset by SMS and by e-mail
        Assert.All(sent, m => Assert.True(m.Status == OutboxStatus.Sent && m.Body.Length == 0 && m.Html is null, m.Template + ": " + m.Body));
        Assert.All(new[] { mobileCode, emailCode, resetCode }, code => Assert.DoesNotContain(sent, m => m.Subject.Contains(code, StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Resending_a_code_is_a_post_within_a_budget_and_the_page_says_when_to_ask_again()
    {
        Require();
        await using var app = await AppAsync("codesbudget");
        var id = NationalId(4002);
        var s = WebSession.Start(app);
        await s.SubmitAsync("/account/register", Registration(id, "0556000002"));
        Assert.Equal(1, await CodeCountAsync(app, id));

        // A GET sends nothing any more (a link or a prefetch cannot flood a phone).
        var (get, _) = await s.GetAsync("/account/confirm-mobile?resend=true");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, await CodeCountAsync(app, id));

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string>(), formSelector: "form[action*='handler=Resend']")).StatusCode);
        Assert.Equal(3, await CodeCountAsync(app, id));

        var refused = await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string>(), formSelector: "form[action*='handler=Resend']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        Assert.Contains("يمكنك طلب رمز جديد بعد 15 دقيقة", Error(doc), StringComparison.Ordinal);
        Assert.Equal(3, await CodeCountAsync(app, id));
        // The page itself shows the wait and holds the button back (wasl.js counts down).
        var (_, page) = await s.GetAsync("/account/confirm-mobile");
        Assert.Equal("15", page.QuerySelector("[data-countdown-minutes]")!.GetAttribute("data-countdown-minutes"));
        Assert.True(page.QuerySelector("form[action*='handler=Resend'] button")!.HasAttribute("disabled"));

        // After the window, a new code may be asked for; only the newest code works.
        var old = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000002");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string>(), formSelector: "form[action*='handler=Resend']")).StatusCode);
        Assert.Equal(4, await CodeCountAsync(app, id));
        var fresh = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000002");
        if (old != fresh)
            Assert.Equal(HttpStatusCode.OK, (await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = old })).StatusCode);
        Assert.Equal("/account", (await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = fresh })).Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task A_code_dies_after_its_wrong_tries_works_once_and_never_for_another_account()
    {
        Require();
        // A high account lockout, so that what refuses the right code below is the code's own tries limit.
        await using var app = await AppAsync("codestries", new() { ["Identity:MaxFailedAccessAttempts"] = "50" });
        var (idA, idB) = (NationalId(4003), NationalId(4004));
        var a = WebSession.Start(app);
        var b = WebSession.Start(app);
        await a.SubmitAsync("/account/register", Registration(idA, "0556000003"));
        await b.SubmitAsync("/account/register", Registration(idB, "0556000004"));
        var codeA = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000003");
        var codeB = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000004");

        // B's code never confirms A.
        if (codeA != codeB)
            Assert.Equal(HttpStatusCode.OK, (await a.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = codeB })).StatusCode);
        // Four more wrong tries (five in all): A's code is dead, even typed right.
        for (var i = 0; i < 4; i++)
        {
            var wrong = codeA == "000000" ? "111111" : "000000";
            await a.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = wrong });
        }
        var dead = await a.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = codeA });
        Assert.Equal(HttpStatusCode.OK, dead.StatusCode);
        Assert.Contains("الرمز غير صحيح أو منتهي الصلاحية", Error(await WebSession.ParseAsync(dead)), StringComparison.Ordinal);

        // A new code works, once.
        await a.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string>(), formSelector: "form[action*='handler=Resend']");
        Assert.Equal("/account", (await a.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000003") })).Headers.Location!.OriginalString);
        Assert.Equal("/account", (await b.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = codeB })).Headers.Location!.OriginalString);

        // A reset code sets a password once; the same code again is refused.
        var r = WebSession.Start(app);
        await r.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = idA });
        var resetCode = app.Codes.Last(CodePurpose.ResetPassword, "+966556000003");
        var fields = new Dictionary<string, string> { ["Input.Login"] = idA, ["Input.Code"] = resetCode, ["Input.NewPassword"] = "first new passphrase", ["Input.ConfirmPassword"] = "first new passphrase" };
        Assert.Equal("/account/sign-in", (await r.SubmitAsync("/account/reset-password", fields)).Headers.Location!.OriginalString);
        fields["Input.NewPassword"] = fields["Input.ConfirmPassword"] = "second new passphrase";
        var replay = await r.SubmitAsync("/account/reset-password", fields);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("الرمز غير صحيح أو منتهي الصلاحية", Error(await WebSession.ParseAsync(replay)), StringComparison.Ordinal);
        // A's reset code does not reset B either.
        fields["Input.Login"] = idB;
        Assert.Equal(HttpStatusCode.OK, (await r.SubmitAsync("/account/reset-password", fields)).StatusCode);
        Assert.Equal("/account", (await WebSession.Start(app).SignInAsync(idA, "first new passphrase", staff: false)).Headers.Location!.OriginalString);
        Assert.Equal("/account", (await WebSession.Start(app).SignInAsync(idB, Pass, staff: false)).Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task Wrong_confirmation_codes_count_toward_the_account_lock()
    {
        Require();
        // The account lock is Identity's (a last resort, 100 by default since the sign-in throttle stops guessing by
        // address); at 5 here, five wrong codes alone must reach it.
        await using var app = await AppAsync("codeslock", new() { ["Identity:MaxFailedAccessAttempts"] = "5" });
        var id = NationalId(4005);
        var s = WebSession.Start(app);
        await s.SubmitAsync("/account/register", Registration(id, "0556000005"));
        var code = app.Codes.Last(CodePurpose.ConfirmMobile, "+966556000005");
        for (var i = 0; i < 5; i++)
            await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = code == "000000" ? "111111" : "000000" });
        // Locked: the right password is refused like a wrong one, and no new code is sent.
        var signIn = await WebSession.Start(app).SignInAsync(id, Pass, staff: false);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("بيانات الدخول غير صحيحة", Error(await WebSession.ParseAsync(signIn)), StringComparison.Ordinal);
        Assert.Equal(1, await CodeCountAsync(app, id));
    }

    [SkippableFact]
    public async Task Registering_a_taken_national_id_or_mobile_looks_like_a_new_registration_and_tells_the_owner()
    {
        Require();
        await using var app = await AppAsync("codestaken");
        var (owner, fresh, other) = (NationalId(4006), NationalId(4007), NationalId(4008));
        var first = await WebSession.Start(app).SubmitAsync("/account/register", Registration(owner, "0556000006"));
        Assert.Equal("/account/confirm-mobile", first.Headers.Location!.OriginalString);

        foreach (var (nid, mobile) in new[] { (owner, "0556000007"), (fresh, "0556000006") })
        {
            var s = WebSession.Start(app);
            var response = await s.SubmitAsync("/account/register", Registration(nid, mobile));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(first.Headers.Location, response.Headers.Location);
            var (page, doc) = await s.GetAsync("/account/confirm-mobile");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.EndsWith(mobile[^4..], doc.QuerySelector(".lead bdi")!.TextContent, StringComparison.Ordinal);
            var code = await s.SubmitAsync(doc, "/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = "123456" });
            Assert.Contains("الرمز غير صحيح أو منتهي الصلاحية", Error(await WebSession.ParseAsync(code)), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string>(), formSelector: "form[action*='handler=Resend']")).StatusCode);
        }
        // A genuinely new registration still works beside them.
        Assert.Equal("/account/confirm-mobile", (await WebSession.Start(app).SubmitAsync("/account/register", Registration(other, "0556000008"))).Headers.Location!.OriginalString);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.NationalId == fresh || u.PhoneNumber == "+966556000007"));
        var ownerId = await db.Users.Where(u => u.NationalId == owner).Select(u => u.Id).SingleAsync();
        // The owner is told, once a day however often it is tried.
        Assert.Single(await db.Set<UserNotification>().Where(n => n.UserId == ownerId && n.Template == "AccountExists").ToListAsync());
    }

    [SkippableFact]
    public async Task Registering_a_taken_id_and_asking_a_reset_for_an_unknown_login_take_no_less_time_than_the_real_thing()
    {
        Require();
        // Without the floor, a taken ID skips the password hash and an unknown login sends nothing: both answer fast.
        await using var app = await AppAsync("codesfloor", new() { ["Identity:Codes:AnswerFloorMilliseconds"] = "900" });
        var owner = NationalId(4009);
        var floor = TimeSpan.FromMilliseconds(900);
        async Task<TimeSpan> TimedAsync(string page, IDictionary<string, string> fields)
        {
            var s = WebSession.Start(app);
            var (_, doc) = await s.GetAsync(page);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await s.SubmitAsync(doc, page, fields);
            watch.Stop();
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return watch.Elapsed;
        }
        Assert.True(await TimedAsync("/account/register", Registration(owner, "0556000009")) >= floor);
        Assert.True(await TimedAsync("/account/register", Registration(owner, "0556000010")) >= floor, "a taken national ID");
        Assert.True(await TimedAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = owner }) >= floor);
        Assert.True(await TimedAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = NationalId(4010) }) >= floor, "an unknown login");
    }

    [SkippableFact]
    public async Task Sign_in_answers_alike_for_an_unknown_login_a_locked_account_and_a_demo_account_in_production()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "codessignin");
        string unknown;
        // The account lock at 5 (not the default last resort of 100), and the address never stopped: the answers
        // compared are the account's lock, the account refused at this address, and an unknown login.
        var settings = new Dictionary<string, string?> { ["Identity:MaxFailedAccessAttempts"] = "5", ["Identity:Throttle:AddressFailures"] = "1000" };
        await using (var dev = await AppAsync("", settings, connection: connection))
        {
            var s = WebSession.Start(dev);
            for (var i = 0; i < 5; i++) await s.SignInAsync("editor", "wrong-password-" + i);
            var locked = Error(await WebSession.ParseAsync(await s.SignInAsync("editor", DemoData.Password)));
            for (var i = 0; i < 5; i++) await s.SignInAsync("nobody-at-all", "wrong-password-" + i);
            unknown = Error(await WebSession.ParseAsync(await s.SignInAsync("nobody-at-all", DemoData.Password)));
            Assert.Contains("بيانات الدخول غير صحيحة", unknown, StringComparison.Ordinal);
            Assert.Equal(unknown, locked);
        }
        await using var production = await AppAsync("", settings, environment: "Production", connection: connection);
        var p = WebSession.Start(production);
        var demo = await p.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        Assert.Equal(unknown, Error(await WebSession.ParseAsync(demo)));
        Assert.Equal(unknown, Error(await WebSession.ParseAsync(await p.SignInAsync("nobody-at-all", DemoData.Password))));
    }
}

public sealed class OneTimeCodeTestsOnSqlite() : OneTimeCodeTests(DatabaseProvider.Sqlite);

public sealed class OneTimeCodeTestsOnPostgres() : OneTimeCodeTests(DatabaseProvider.PostgreSQL);
