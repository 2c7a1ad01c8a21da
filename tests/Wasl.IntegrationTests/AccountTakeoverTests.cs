using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// Issue 11, point 2: a directorate administrator must not take over a higher account. The whole chain is played as
/// the administrator of the Riyadh directorate: open the account, reset its two-factor, put another mobile on it, then
/// "forgot password". Accounts of the chain are made here (home unit inside Riyadh, power elsewhere), not demo ones.
/// </summary>
public abstract class AccountTakeoverTests(AppFixture fixture)
{
    /// <summary>An SMS gateway and SMTP configured (never called: the dispatcher is off), so notices reach the outbox.</summary>
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Notifications:Sms:Url"] = "http://127.0.0.1:9/sms",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:From"] = "no-reply@wasl.example",
    };

    private Task<WebSession> RiyadhAdministratorAsync() => StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-acct-admin", "RIY", "+966500000791");

    /// <summary>A staff account with a confirmed mobile and e-mail and two-factor on, holding <paramref name="role"/> at <paramref name="roleUnit"/>.</summary>
    private async Task<Guid> StaffAsync(string userName, string homeUnit, StaffRole role, string roleUnit, string mobile)
    {
        using var scope = fixture.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
        if (await users.FindByNameAsync(userName) is { } existing) return existing.Id;
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var units = await db.Units.Where(u => u.Code == homeUnit || u.Code == roleUnit).ToDictionaryAsync(u => u.Code, u => u.Id);
        var user = new WaslUser
        {
            UserName = userName,
            FullName = "حساب " + userName,
            Email = userName + "@wasl.example",
            EmailConfirmed = true,
            PhoneNumber = mobile,
            PhoneNumberConfirmed = true,
            TwoFactorEnabled = true,
            Kind = AccountKind.Staff,
            HomeUnitId = units[homeUnit],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, UnitId = units[roleUnit] });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>The ministry administrator of the attack: Administrator at the ministry, home unit a Riyadh school.</summary>
    private Task<Guid> MinistryAdministratorHomedInRiyadhAsync() => StaffAsync("moe-admin-in-riy", "RIY-S1", StaffRole.Administrator, "MOE", "+966500000792");

    private async Task<WaslUser> AccountAsync(Guid id)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<List<RoleAssignment>> RolesAsync(Guid id)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().RoleAssignments.AsNoTracking().Where(r => r.UserId == id).ToListAsync();
    }

    /// <summary>A forged post: a valid token from a page the administrator may open, sent to a handler of another account.</summary>
    private static async Task<HttpResponseMessage> ForgedPostAsync(WebSession s, string url, Dictionary<string, string> fields)
    {
        var (_, page) = await s.GetAsync("/staff/admin/staff/new");
        var form = new Dictionary<string, string>(fields) { ["__wasl_af"] = ((IHtmlInputElement)page.QuerySelector("input[name=__wasl_af]")!).Value };
        return await s.Client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> EditFields(string userName, string fullName, string mobile, string email, int homeUnitId) => new()
    {
        ["Input.UserName"] = userName,
        ["Input.FullName"] = fullName,
        ["Input.Email"] = email,
        ["Input.Mobile"] = mobile,
        ["Input.HomeUnitId"] = homeUnitId.ToString(CultureInfo.InvariantCulture),
        ["Input.IsActive"] = "true",
    };

    /// <summary>Saves the account's form as shown, with the mobile and e-mail typed over.</summary>
    private static async Task<HttpResponseMessage> ChangeContactAsync(WebSession s, Guid id, string mobile, string email)
    {
        var url = $"/staff/admin/staff/{id}";
        var (response, page) = await s.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await s.SubmitAsync(page, url, new Dictionary<string, string> { ["Input.Mobile"] = mobile, ["Input.Email"] = email }, formSelector: "form[action$='" + url + "']");
    }

    private async Task<(List<UserNotification> InApp, List<OutboxMessage> Outbox)> NoticesAsync(Guid id, string template)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        return (await db.Set<UserNotification>().AsNoTracking().Where(n => n.UserId == id && n.Template == template).ToListAsync(),
            await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.UserId == id && m.Template == template).ToListAsync());
    }

    [SkippableFact]
    public async Task Directorate_administrator_cannot_open_edit_or_reset_the_two_factor_of_a_ministry_administrator_homed_in_its_directorate()
    {
        fixture.Require();
        var victim = await MinistryAdministratorHomedInRiyadhAsync();
        var s = await RiyadhAdministratorAsync();
        var url = $"/staff/admin/staff/{victim}";

        Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync(url)).Response.StatusCode);
        var (_, list) = await s.GetAsync("/staff/admin/staff");
        Assert.DoesNotContain("moe-admin-in-riy", list.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);

        var edit = await ForgedPostAsync(s, url, EditFields("moe-admin-in-riy", "مستولى عليه", "0555000111", "attacker@evil.example", await UnitIdAsync("RIY-S1")));
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ForgedPostAsync(s, url + "/ResetTwoFactor", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ForgedPostAsync(s, url + "/Unlock", [])).StatusCode);

        var after = await AccountAsync(victim);
        Assert.Equal("+966500000792", after.PhoneNumber);
        Assert.True(after.PhoneNumberConfirmed);
        Assert.Equal("moe-admin-in-riy@wasl.example", after.Email);
        Assert.True(after.TwoFactorEnabled);
    }

    [SkippableFact]
    public async Task Directorate_administrator_cannot_manage_a_staff_member_holding_a_role_outside_its_subtree()
    {
        fixture.Require();
        // Home unit in Riyadh, but an editor at the Makkah directorate.
        var other = await StaffAsync("riy-home-mkk-editor", "RIY-S2", StaffRole.Editor, "MKK", "+966500000793");
        var s = await RiyadhAdministratorAsync();
        var url = $"/staff/admin/staff/{other}";

        Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync(url)).Response.StatusCode);
        var (_, list) = await s.GetAsync("/staff/admin/staff");
        Assert.DoesNotContain("riy-home-mkk-editor", list.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
        var edit = await ForgedPostAsync(s, url, EditFields("riy-home-mkk-editor", "مستولى عليه", "0555000112", "attacker2@evil.example", await UnitIdAsync("RIY-S2")));
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ForgedPostAsync(s, url + "/ResetTwoFactor", [])).StatusCode);
        // Nor withdraw its Makkah role.
        var makkahRole = Assert.Single(await RolesAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, (await ForgedPostAsync(s, $"{url}/Revoke?assignmentId={makkahRole.Id}", [])).StatusCode);

        var after = await AccountAsync(other);
        Assert.Equal("+966500000793", after.PhoneNumber);
        Assert.True(after.TwoFactorEnabled);
        Assert.Single(await RolesAsync(other));
    }

    [SkippableFact]
    public async Task Directorate_administrator_cannot_grant_administrator_above_or_a_role_outside_its_subtree_nor_appoint_a_higher_account()
    {
        fixture.Require();
        var principal = await StaffAsync("riy-principal-grant", "RIY-S1", StaffRole.Principal, "RIY-S1", "+966500000794");
        var victim = await MinistryAdministratorHomedInRiyadhAsync();
        var s = await RiyadhAdministratorAsync();
        var url = $"/staff/admin/staff/{principal}";

        // Administrator at the ministry, and a role at Makkah: refused with the field named, nothing stored.
        foreach (var (role, unit) in new[] { ("Administrator", "MOE"), ("Editor", "MKK") })
        {
            var (_, page) = await s.GetAsync(url);
            var grant = await s.SubmitAsync(page, url, new Dictionary<string, string>
            {
                ["Grant.Role"] = role,
                ["Grant.UnitId"] = (await UnitIdAsync(unit)).ToString(CultureInfo.InvariantCulture),
            }, formSelector: "form[action$='/Grant']");
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
            Assert.NotNull((await WebSession.ParseAsync(grant)).QuerySelector(".error-summary"));
        }
        Assert.Equal([StaffRole.Principal], (await RolesAsync(principal)).Select(r => r.Role));

        // No role of any kind to the ministry administrator (its account is not theirs to manage).
        var onVictim = await ForgedPostAsync(s, $"/staff/admin/staff/{victim}/Grant", new Dictionary<string, string>
        {
            ["Grant.Role"] = "Principal",
            ["Grant.UnitId"] = (await UnitIdAsync("RIY-S1")).ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.NotFound, onVictim.StatusCode);
        Assert.Equal([StaffRole.Administrator], (await RolesAsync(victim)).Select(r => r.Role));

        // Nor make it the delegate of a Riyadh position: only accounts one manages are found.
        int post;
        using (var scope = fixture.App.Services.CreateScope())
        {
            var riyadh = await UnitIdAsync("RIY");
            post = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Positions.Where(p => p.UnitId == riyadh && p.IsHead).Select(p => p.Id).SingleAsync();
        }
        var delegated = await s.SubmitAsync($"/staff/admin/positions/{post}", new Dictionary<string, string>
        {
            ["NewDelegation.UserName"] = "moe-admin-in-riy",
            ["NewDelegation.Kind"] = "Deputy",
            ["NewDelegation.StartsOn"] = "2026-03-15",
        }, formSelector: "form[action*='Delegate']");
        Assert.Equal(HttpStatusCode.OK, delegated.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(delegated)).QuerySelector(".error-summary"));
        using (var scope = fixture.App.Services.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Delegations.AnyAsync(d => d.DelegateId == victim));
    }

    [SkippableFact]
    public async Task Directorate_administrator_manages_a_riyadh_principal_and_the_owner_is_told_at_the_old_mobile_and_email()
    {
        fixture.Require();
        var principal = await StaffAsync("riy-principal-told", "RIY-S1", StaffRole.Principal, "RIY-S1", "+966500000795");
        var s = await RiyadhAdministratorAsync();
        var url = $"/staff/admin/staff/{principal}";
        Assert.Contains("riy-principal-told", (await s.GetAsync("/staff/admin/staff")).Document.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);

        var saved = await ChangeContactAsync(s, principal, "0555000113", "new-principal@wasl.example");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await AccountAsync(principal);
        Assert.Equal("+966555000113", after.PhoneNumber);
        Assert.False(after.PhoneNumberConfirmed);
        Assert.Equal("new-principal@wasl.example", after.Email);
        Assert.False(after.EmailConfirmed);

        foreach (var template in new[] { "AccountChanged.Mobile", "AccountChanged.Email" })
        {
            var (inApp, outbox) = await NoticesAsync(principal, template);
            Assert.Single(inApp);
            // Told at the addresses the account had before: the new ones may be someone else's.
            Assert.Equal(["+966500000795", "riy-principal-told@wasl.example"], outbox.Select(m => m.Recipient).Order(StringComparer.Ordinal));
            // In the owner's language (Arabic by default).
            Assert.Contains("وصل", outbox.Single(m => m.Channel == NotificationChannel.Sms).Body, StringComparison.Ordinal);
        }

        // The administrator still resets its two-factor and grants a role within Riyadh; the owner is told.
        var (_, page) = await s.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync(page, url, new Dictionary<string, string>(), formSelector: "form[action$='/ResetTwoFactor']")).StatusCode);
        Assert.False((await AccountAsync(principal)).TwoFactorEnabled);
        var (reset, resetOutbox) = await NoticesAsync(principal, "AccountChanged.TwoFactorReset");
        Assert.Single(reset);
        Assert.Contains(resetOutbox, m => m.Channel == NotificationChannel.Email);
        (_, page) = await s.GetAsync(url);
        var grant = await s.SubmitAsync(page, url, new Dictionary<string, string>
        {
            ["Grant.Role"] = "Editor",
            ["Grant.UnitId"] = (await UnitIdAsync("RIY-S1")).ToString(CultureInfo.InvariantCulture),
        }, formSelector: "form[action$='/Grant']");
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        Assert.Contains(StaffRole.Editor, (await RolesAsync(principal)).Select(r => r.Role));

        // Turning two-factor back on by the owner is told too.
        var owner = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync("riy-principal-told", DemoData.Password)).StatusCode);
        var (_, setup) = await owner.GetAsync("/staff/security/two-factor");
        var key = setup.QuerySelector("#shared-key")!.TextContent;
        Assert.Equal(HttpStatusCode.OK, (await owner.SubmitAsync(setup, "/staff/security/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) })).StatusCode);
        Assert.True((await AccountAsync(principal)).TwoFactorEnabled);
        Assert.Single((await NoticesAsync(principal, "AccountChanged.TwoFactorOn")).InApp);
    }

    [SkippableFact]
    public async Task Forgot_password_sends_nothing_to_a_mobile_an_administrator_changed_until_it_is_confirmed()
    {
        fixture.Require();
        var principal = await StaffAsync("riy-principal-reset", "RIY-S1", StaffRole.Principal, "RIY-S1", "+966500000796");
        var s = await RiyadhAdministratorAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeContactAsync(s, principal, "0555000114", "riy-principal-reset@wasl.example")).StatusCode);

        var forgot = await WebSession.Start(fixture.App).SubmitAsync("/account/forgot-password?staff=true", new Dictionary<string, string> { ["Login"] = "riy-principal-reset", ["Staff"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        Assert.Throws<InvalidOperationException>(() => fixture.App.Codes.Last(CodePurpose.ResetPassword, "+966555000114"));

        // The owner, signed in, is told on the staff home and confirms the new mobile with a code sent to it;
        // from then on reset codes go there, and the reset is told.
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            await users.ResetAuthenticatorKeyAsync((await users.FindByIdAsync(principal.ToString()))!);
        }
        var owner = await StaffSignIn.WithTwoFactorAsync(fixture, "riy-principal-reset");
        var (_, home) = await owner.GetAsync("/staff");
        Assert.NotNull(home.QuerySelector("#contact-unconfirmed a[href='/account/confirm-contact']"));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/account/confirm-contact", new Dictionary<string, string>(), "#contact-mobile .resend form")).StatusCode);
        var confirmCode = fixture.App.Codes.Last(CodePurpose.ConfirmMobile, "+966555000114");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/account/confirm-contact", new Dictionary<string, string> { ["Code"] = confirmCode }, "#contact-mobile form[action*='handler=Confirm']")).StatusCode);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            Assert.True((await users.FindByIdAsync(principal.ToString()))!.PhoneNumberConfirmed);
        }
        var again = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await again.SubmitAsync("/account/forgot-password?staff=true", new Dictionary<string, string> { ["Login"] = "riy-principal-reset", ["Staff"] = "true" })).StatusCode);
        var code = fixture.App.Codes.Last(CodePurpose.ResetPassword, "+966555000114");
        var done = await again.SubmitAsync("/account/reset-password?staff=true", new Dictionary<string, string>
        {
            ["Input.Login"] = "riy-principal-reset",
            ["Input.Code"] = code,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Equal("/staff/sign-in", done.Headers.Location!.OriginalString);
        var (inApp, outbox) = await NoticesAsync(principal, "AccountChanged.Password");
        Assert.Single(inApp);
        Assert.Contains(outbox, m => m.Channel == NotificationChannel.Sms && m.Recipient == "+966555000114");
    }
}

public sealed class AccountNoticesSqliteFixture() : AppFixture(DatabaseProvider.Sqlite, AccountTakeoverTests.Settings);

public sealed class AccountNoticesPostgresFixture() : AppFixture(DatabaseProvider.PostgreSQL, AccountTakeoverTests.Settings);

public sealed class AccountTakeoverTestsOnSqlite(AccountNoticesSqliteFixture f) : AccountTakeoverTests(f), IClassFixture<AccountNoticesSqliteFixture>;

public sealed class AccountTakeoverTestsOnPostgres(AccountNoticesPostgresFixture f) : AccountTakeoverTests(f), IClassFixture<AccountNoticesPostgresFixture>;
