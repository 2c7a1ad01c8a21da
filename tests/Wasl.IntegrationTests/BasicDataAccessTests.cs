using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Basic-data screens follow the organization tree: every denial is tested, not only the happy path.</summary>
public abstract class BasicDataAccessTests(AppFixture fixture)
{
    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<Guid> UserIdAsync(string userName)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    private async Task<WebSession> CoordinatorAsync()
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        return s;
    }

    [SkippableFact]
    public async Task Coordinator_sees_own_directorate_and_its_schools_only()
    {
        fixture.Require();
        var s = await CoordinatorAsync();
        var (response, doc) = await s.GetAsync("/staff/admin/units");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = doc.QuerySelectorAll("#units tbody tr").Select(r => r.TextContent).ToList();
        // The directorate and its schools (other tests of this class may add schools under it).
        Assert.True(names.Count >= 3);
        Assert.Contains(names, n => n.Contains("الرياض", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("مكة", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("MOE", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Coordinator_cannot_open_the_basic_data_of_another_directorate()
    {
        fixture.Require();
        var s = await CoordinatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync($"/staff/admin/units/{await UnitIdAsync("RIY")}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync($"/staff/admin/units/{await UnitIdAsync("RIY-S1")}")).Response.StatusCode);

        foreach (var code in new[] { "MKK", "MKK-S1", "MOE" })
        {
            var (denied, doc) = await s.GetAsync($"/staff/admin/units/{await UnitIdAsync(code)}");
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
            Assert.DoesNotContain("مكة المكرمة", doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }
        var (staff, _) = await s.GetAsync($"/staff/admin/staff/{await UserIdAsync("coordinator2")}");
        Assert.Equal(HttpStatusCode.NotFound, staff.StatusCode);
        var (list, listDoc) = await s.GetAsync("/staff/admin/staff");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("coordinator2", listDoc.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Coordinator_may_view_but_not_change_basic_data()
    {
        fixture.Require();
        var s = await CoordinatorAsync();
        var riyadh = await UnitIdAsync("RIY");
        var (_, doc) = await s.GetAsync($"/staff/admin/units/{riyadh}");
        Assert.Null(doc.QuerySelector("form[action*='AddChild']"));
        // Posting anyway (a forged form with a valid token from the page) is refused.
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)doc.QuerySelector("input[name=__wasl_af]")!).Value;
        var post = await s.Client.PostAsync($"/staff/admin/units/{riyadh}/AddChild", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__wasl_af"] = token,
            ["Child.Code"] = "HACK",
            ["Child.Name"] = "وحدة",
            ["Child.KindId"] = "1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/access-denied", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var scope = fixture.App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.AnyAsync(u => u.Code == "HACK"));
    }

    [SkippableFact]
    public async Task Beneficiaries_and_anonymous_visitors_cannot_reach_basic_data()
    {
        fixture.Require();
        var anonymous = WebSession.Start(fixture.App);
        var (anon, _) = await anonymous.GetAsync("/staff/admin/units");
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
        Assert.StartsWith("/staff/sign-in", anon.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var parent = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await parent.SignInAsync("1000000008", DemoData.Password, staff: false)).StatusCode);
        var (denied, _) = await parent.GetAsync("/staff/admin/units");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/access-denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var principal = WebSession.Start(fixture.App);
        await principal.SignInAsync("principal", DemoData.Password);
        var (forbidden, _) = await principal.GetAsync("/staff/admin/units");
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Contains("/access-denied", forbidden.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Administrator_adds_a_school_a_position_and_a_staff_account_with_a_role()
    {
        fixture.Require();
        var s = await AdminAsync();
        var riyadh = await UnitIdAsync("RIY");
        var (_, page) = await s.GetAsync($"/staff/admin/units/{riyadh}");
        var added = await s.SubmitAsync(page, $"/staff/admin/units/{riyadh}", new Dictionary<string, string>
        {
            ["Child.Code"] = "riy-s9",
            ["Child.Name"] = "مدرسة النخيل",
            ["Child.NameLatin"] = "Palms School",
            ["Child.KindId"] = "5",
        }, formSelector: "form[action*='AddChild']");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var school = await UnitIdAsync("RIY-S9");

        // A duplicate code comes back with the message and what was typed.
        var (_, again) = await s.GetAsync($"/staff/admin/units/{riyadh}");
        var dup = await s.SubmitAsync(again, $"/staff/admin/units/{riyadh}", new Dictionary<string, string>
        {
            ["Child.Code"] = "RIY-S9",
            ["Child.Name"] = "اسم مكرر",
            ["Child.KindId"] = "5",
        }, formSelector: "form[action*='AddChild']");
        Assert.Equal(HttpStatusCode.OK, dup.StatusCode);
        var dupDoc = await WebSession.ParseAsync(dup);
        Assert.Contains("مستخدم من قبل", dupDoc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("اسم مكرر", ((AngleSharp.Html.Dom.IHtmlInputElement)dupDoc.QuerySelector("#Child_Name")!).Value);

        var (_, schoolPage) = await s.GetAsync($"/staff/admin/units/{school}");
        var position = await s.SubmitAsync(schoolPage, $"/staff/admin/units/{school}", new Dictionary<string, string>
        {
            ["NewPosition.Title"] = "قائد المدرسة",
            ["NewPosition.IsHead"] = "true",
        }, formSelector: "form[action*='AddPosition']");
        Assert.Equal(HttpStatusCode.Redirect, position.StatusCode);

        var create = await s.SubmitAsync("/staff/admin/staff/new", new Dictionary<string, string>
        {
            ["Input.UserName"] = "new.principal",
            ["Input.FullName"] = "قائد جديد",
            ["Input.Mobile"] = "0555555501",
            ["Input.HomeUnitId"] = school.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.InitialPassword"] = "a long initial phrase",
            ["Input.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var accountUrl = create.Headers.Location!.OriginalString;
        var (_, account) = await s.GetAsync(accountUrl);
        var grant = await s.SubmitAsync(account, accountUrl, new Dictionary<string, string>
        {
            ["Grant.Role"] = "Principal",
            ["Grant.UnitId"] = school.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, formSelector: "form[action$='/Grant']");
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        var (_, after) = await s.GetAsync(accountUrl);
        Assert.Contains("قائد مدرسة", after.QuerySelector("#assignments")!.TextContent, StringComparison.Ordinal);

        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var stored = await db.Units.SingleAsync(u => u.Id == school);
        var parent = await db.Units.SingleAsync(u => u.Id == riyadh);
        Assert.Equal($"{parent.Path}{school}/", stored.Path);
        Assert.Equal("+966555555501", (await db.Users.SingleAsync(u => u.UserName == "new.principal")).PhoneNumber);
    }

    [SkippableFact]
    public async Task Delegation_dates_post_correctly_under_every_interface_language()
    {
        fixture.Require();
        var s = await AdminAsync();
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var minister = await db.Positions.Where(p => p.Title == "وزير التعليم").Select(p => p.Id).SingleAsync();
        // Arabic last: the choice is remembered on the account, and the other tests read Arabic messages.
        foreach (var lang in new[] { "fa", "en", "fr", "ar" })
        {
            var (_, page) = await s.GetAsync($"/staff/admin/positions/{minister}");
            var lp = await s.SubmitAsync(page, "/preferences/language", new Dictionary<string, string> { ["language"] = lang }, formSelector: "form.language-switch");
            Assert.Equal(HttpStatusCode.Redirect, lp.StatusCode);
            var (_, localized) = await s.GetAsync($"/staff/admin/positions/{minister}");
            Assert.Equal(lang, localized.DocumentElement.GetAttribute("lang"));
            var response = await s.SubmitAsync(localized, $"/staff/admin/positions/{minister}", new Dictionary<string, string>
            {
                ["NewDelegation.UserName"] = "supervisor",
                ["NewDelegation.Kind"] = "Deputy",
                ["NewDelegation.StartsOn"] = "2026-03-15",
                ["NewDelegation.EndsOn"] = "2026-03-20",
            }, formSelector: "form[action*='Delegate']");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var stored = await db.Delegations.Where(d => d.PositionId == minister).ToListAsync();
        Assert.Equal(4, stored.Count);
        // 2026-03-15 00:00 in Riyadh (UTC+3) is 2026-03-14 21:00 UTC, whatever the language's calendar.
        Assert.All(stored, d => Assert.Equal(new DateTimeOffset(2026, 3, 14, 21, 0, 0, TimeSpan.Zero), d.StartsAt));
        Assert.All(stored, d => Assert.Equal(new DateTimeOffset(2026, 3, 20, 21, 0, 0, TimeSpan.Zero), d.EndsAt));
    }

    [SkippableFact]
    public async Task Moving_a_school_to_another_directorate_moves_who_may_see_it()
    {
        fixture.Require();
        var s = await AdminAsync();
        var school = await UnitIdAsync("RIY-S2");
        var makkah = await UnitIdAsync("MKK");
        var (_, page) = await s.GetAsync($"/staff/admin/units/{school}");

        // Under itself is not offered and refused when forged.
        var self = await s.SubmitAsync(page, $"/staff/admin/units/{school}", EditFields(page, school), formSelector: "form[action*='Edit']");
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(self)).QuerySelector(".error-summary"));

        // Its demo area lies in Riyadh, outside Makkah's: areas nest, so it moves once that area is removed (RoutingHijackTests).
        var (_, areaPage) = await s.GetAsync($"/staff/admin/units/{school}/area");
        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync(areaPage, $"/staff/admin/units/{school}/area", new Dictionary<string, string>(), formSelector: "#area-clear")).StatusCode);
        var moved = await s.SubmitAsync(page, $"/staff/admin/units/{school}", EditFields(page, makkah), formSelector: "form[action*='Edit']");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var unit = await db.Units.SingleAsync(u => u.Id == school);
            var parent = await db.Units.SingleAsync(u => u.Id == makkah);
            Assert.Equal(makkah, unit.ParentId);
            Assert.Equal($"{parent.Path}{school}/", unit.Path);
            Assert.Equal(parent.Depth + 1, unit.Depth);
        }
        var riyadhCoordinator = await CoordinatorAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await riyadhCoordinator.GetAsync($"/staff/admin/units/{school}")).Response.StatusCode);
        var makkahCoordinator = WebSession.Start(fixture.App);
        await makkahCoordinator.SignInAsync("coordinator2", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await makkahCoordinator.GetAsync($"/staff/admin/units/{school}")).Response.StatusCode);
    }

    [SkippableFact]
    public async Task Deactivating_a_staff_account_ends_its_open_session()
    {
        fixture.Require();
        var agent = WebSession.Start(fixture.App);
        await agent.SignInAsync("agent", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/staff")).Response.StatusCode);

        var admin = await AdminAsync();
        var url = $"/staff/admin/staff/{await UserIdAsync("agent")}";
        var (_, page) = await admin.GetAsync(url);
        string Value(string id) => ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector($"#{id}")!).Value;
        var saved = await admin.SubmitAsync(page, url, new Dictionary<string, string>
        {
            ["Input.UserName"] = Value("Input_UserName"),
            ["Input.FullName"] = Value("Input_FullName"),
            ["Input.Email"] = Value("Input_Email"),
            ["Input.Mobile"] = Value("Input_Mobile"),
            ["Input.HomeUnitId"] = ((AngleSharp.Html.Dom.IHtmlSelectElement)page.QuerySelector("#Input_HomeUnitId")!).Value ?? "",
            ["Input.IsActive"] = "false",
        }, formSelector: "form[action$='" + url + "']");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var (after, _) = await agent.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/staff/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await WebSession.Start(fixture.App).SignInAsync("agent", DemoData.Password)).StatusCode);
    }

    [SkippableFact]
    public async Task An_administrator_granting_a_role_to_themselves_stays_signed_in()
    {
        fixture.Require();
        var s = await AdminAsync();
        var url = $"/staff/admin/staff/{await UserIdAsync("admin")}";
        var (_, page) = await s.GetAsync(url);
        var grant = await s.SubmitAsync(page, url, new Dictionary<string, string>
        {
            ["Grant.Role"] = "Editor",
            ["Grant.UnitId"] = (await UnitIdAsync("MKK")).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, formSelector: "form[action$='/Grant']");
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        var (after, doc) = await s.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("محرر", doc.QuerySelector("#assignments")!.TextContent, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> EditFields(AngleSharp.Html.Dom.IHtmlDocument page, int parentId)
    {
        string Value(string id) => ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector($"#{id}")!).Value;
        return new Dictionary<string, string>
        {
            ["Edit.Code"] = Value("Edit_Code"),
            ["Edit.Name"] = Value("Edit_Name"),
            ["Edit.NameLatin"] = Value("Edit_NameLatin"),
            ["Edit.KindId"] = ((AngleSharp.Html.Dom.IHtmlSelectElement)page.QuerySelector("#Edit_KindId")!).Value ?? "",
            ["Edit.IsActive"] = "true",
            ["Edit.ParentId"] = parentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private async Task<WebSession> AdminAsync()
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SignInAsync("admin", DemoData.Password);
        if (response.Headers.Location!.OriginalString.StartsWith("/staff/sign-in/two-factor", StringComparison.Ordinal))
        {
            await StaffSignIn.ForgetAcceptedCodeAsync(fixture, "admin");
            response = await s.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(fixture.AdminAuthenticatorKey!, DateTimeOffset.UtcNow) });
            return s;
        }
        var (_, setup) = await s.GetAsync("/staff/security/two-factor");
        var key = setup.QuerySelector("#shared-key")!.TextContent;
        await s.SubmitAsync(setup, "/staff/security/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        fixture.AdminAuthenticatorKey = key;
        return s;
    }
}

public sealed class BasicDataAccessTestsOnSqlite(SqliteAppFixture f) : BasicDataAccessTests(f), IClassFixture<SqliteAppFixture>;

public sealed class BasicDataAccessTestsOnPostgres(PostgresAppFixture f) : BasicDataAccessTests(f), IClassFixture<PostgresAppFixture>;
