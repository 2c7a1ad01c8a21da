using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;

namespace Wasl.Tests;

/// <summary>
/// Issue 11, sessions and passwords, on an application with the production defaults the other test classes relax:
/// two-factor for every role reading beyond its unit, and Identity's periodic stamp check only once an hour, so what
/// ends other sessions at once is the per-request staff check, not the interval.
/// </summary>
public abstract class SessionSecurityTests(AppFixture fixture)
{
    internal static readonly Dictionary<string, string?> Settings = new()
    {
        ["Identity:RevalidateSeconds"] = "3600",
        ["Identity:TwoFactor:Roles"] = "Administrator,Supervisor,CallCenterAgent",
        ["Identity:TwoFactor:SubtreeRoles"] = "Coordinator",
        ["Identity:TwoFactor:AnyRoleAtRoot"] = "true",
        ["Identity:Throttle:DelayStepMilliseconds"] = "200",
        ["Identity:Throttle:MaxDelayMilliseconds"] = "1000",
    };

    private static WebSession From(WaslAppFactory app, string address)
    {
        var s = WebSession.Start(app);
        s.Client.DefaultRequestHeaders.Add(TestRemoteAddressFilter.Header, address);
        return s;
    }

    private static string Errors(AngleSharp.Html.Dom.IHtmlDocument doc) => doc.QuerySelector(".error-summary")?.TextContent ?? "";

    [SkippableFact]
    public async Task Sign_out_in_one_browser_ends_the_other_browsers_session_of_the_same_staff_account_at_once()
    {
        fixture.Require();
        var first = WebSession.Start(fixture.App);
        var second = WebSession.Start(fixture.App);
        Assert.Equal("/staff", (await first.SignInAsync("principal", DemoData.Password)).Headers.Location!.OriginalString);
        Assert.Equal("/staff", (await second.SignInAsync("principal", DemoData.Password)).Headers.Location!.OriginalString);
        var (_, page) = await first.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/staff")).Response.StatusCode);

        var signOut = await first.SubmitAsync(page, "/staff", new Dictionary<string, string>(), formSelector: "form[action='/account/sign-out']");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // The other browser still holds a cookie that has not expired; its very next request is signed out.
        var (after, _) = await second.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/staff/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Twenty_wrong_passwords_for_admin_from_one_address_stop_that_address_but_not_the_administrator_elsewhere()
    {
        fixture.Require();
        var attacker = From(fixture.App, "203.0.113.7");
        for (var i = 0; i < 20; i++)
        {
            var wrong = await attacker.SignInAsync("admin", "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        // The attacking address may not sign in at all now, even with a right password, and each try waits longer.
        var watch = Stopwatch.StartNew();
        var blocked = await From(fixture.App, "203.0.113.7").SignInAsync("editor", DemoData.Password);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Contains("من هذا العنوان", Errors(await WebSession.ParseAsync(blocked)), StringComparison.Ordinal);
        Assert.True(watch.ElapsedMilliseconds >= 200, $"answered in {watch.ElapsedMilliseconds} ms");

        // The administrator, from the office, signs in with the right password.
        var admin = await From(fixture.App, "198.51.100.20").SignInAsync("admin", DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        var target = admin.Headers.Location!.OriginalString;
        Assert.True(target == "/staff" || target.StartsWith("/staff/sign-in/two-factor", StringComparison.Ordinal), target);
    }

    [SkippableFact]
    public async Task Roles_reading_beyond_their_unit_must_set_up_two_factor_and_the_setup_code_cannot_sign_in_again()
    {
        fixture.Require();
        // A principal reads one school: password sign-in is enough.
        var principal = WebSession.Start(fixture.App);
        await principal.SignInAsync("principal", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/staff")).Response.StatusCode);

        // The call-center agent (national) and the coordinator of a directorate (its schools) are sent to set it up.
        foreach (var name in new[] { "agent", "coordinator" })
        {
            var s = WebSession.Start(fixture.App);
            await s.SignInAsync(name, DemoData.Password);
            var (home, _) = await s.GetAsync("/staff");
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal(RequireAdministratorTwoFactorMiddleware.SetupPath, home.Headers.Location!.OriginalString);
        }

        // The supervisor (ministry) sets it up; the code typed at setup is spent.
        var supervisor = WebSession.Start(fixture.App);
        await supervisor.SignInAsync("supervisor", DemoData.Password);
        var (redirect, _) = await supervisor.GetAsync("/staff/requests");
        Assert.Equal(RequireAdministratorTwoFactorMiddleware.SetupPath, redirect.Headers.Location!.OriginalString);
        var (_, setup) = await supervisor.GetAsync(RequireAdministratorTwoFactorMiddleware.SetupPath);
        Assert.NotNull(setup.QuerySelector("#two-factor-required"));
        var key = setup.QuerySelector("#shared-key")!.TextContent;
        var code = Totp.Code(key, DateTimeOffset.UtcNow);
        var done = await supervisor.SubmitAsync(setup, RequireAdministratorTwoFactorMiddleware.SetupPath, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(10, (await WebSession.ParseAsync(done)).QuerySelectorAll(".codes li").Length);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/staff")).Response.StatusCode);

        var again = WebSession.Start(fixture.App);
        Assert.StartsWith("/staff/sign-in/two-factor", (await again.SignInAsync("supervisor", DemoData.Password)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var replay = await again.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("الرمز غير صحيح", (await WebSession.ParseAsync(replay)).QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        var next = await again.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal("/staff", next.Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task An_authenticator_code_signs_in_once_and_is_refused_in_a_second_browser()
    {
        fixture.Require();
        string key;
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            var editor = (await users.FindByNameAsync("editor"))!;
            await users.ResetAuthenticatorKeyAsync(editor);
            await users.SetTwoFactorEnabledAsync(editor, true);
            key = (await users.GetAuthenticatorKeyAsync(editor))!;
        }
        var code = Totp.Code(key, DateTimeOffset.UtcNow);

        var first = WebSession.Start(fixture.App);
        await first.SignInAsync("editor", DemoData.Password);
        var ok = await first.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/staff", ok.Headers.Location!.OriginalString);

        var second = WebSession.Start(fixture.App);
        await second.SignInAsync("editor", DemoData.Password);
        var replay = await second.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var (home, _) = await second.GetAsync("/staff");
        Assert.StartsWith("/staff/sign-in", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Registration_refuses_a_keyboard_walk_and_a_password_holding_the_national_id_on_the_password_field()
    {
        fixture.Require();
        var fields = new Dictionary<string, string>
        {
            ["Input.FullName"] = "ريم خالد",
            ["Input.NationalId"] = "1000000024",
            ["Input.Mobile"] = "0551239876",
            ["Input.Email"] = "",
            ["Input.Password"] = "poiuytrewq",
            ["Input.ConfirmPassword"] = "poiuytrewq",
        };
        var s = WebSession.Start(fixture.App);
        var walk = await WebSession.ParseAsync(await s.SubmitAsync("/account/register", fields));
        Assert.Contains("لوحة المفاتيح", walk.QuerySelector("span[data-valmsg-for='Input.Password']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ريم خالد", ((AngleSharp.Html.Dom.IHtmlInputElement)walk.QuerySelector("#Input_FullName")!).Value);

        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "my id 1000000024 ok";
        var id = await WebSession.ParseAsync(await s.SubmitAsync("/account/register", fields));
        Assert.Contains("رقم الهوية الوطنية", id.QuerySelector("span[data-valmsg-for='Input.Password']")!.TextContent, StringComparison.Ordinal);

        using var scope = fixture.App.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>().FindByNameAsync("1000000024"));
    }
}

public sealed class SessionAppFixtureOnSqlite() : AppFixture(DatabaseProvider.Sqlite, SessionSecurityTests.Settings);

public sealed class SessionAppFixtureOnPostgres() : AppFixture(DatabaseProvider.PostgreSQL, SessionSecurityTests.Settings);

public sealed class SessionSecurityTestsOnSqlite(SessionAppFixtureOnSqlite f) : SessionSecurityTests(f), IClassFixture<SessionAppFixtureOnSqlite>;

public sealed class SessionSecurityTestsOnPostgres(SessionAppFixtureOnPostgres f) : SessionSecurityTests(f), IClassFixture<SessionAppFixtureOnPostgres>;
