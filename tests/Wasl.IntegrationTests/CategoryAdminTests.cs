using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Categories and sub-categories as basic data per unit (issue 3, point 1): maintained by the owning subtree's administrators, used for routing.</summary>
public abstract class CategoryAdminTests(AppFixture fixture)
{
    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> read)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task A_subtree_administrator_adds_a_sub_category_whose_requests_go_to_its_responsible_unit()
    {
        fixture.Require();
        var riyadh = await UnitIdAsync("RIY");
        var school = await UnitIdAsync("RIY-S2");
        var cleanliness = await DbAsync(db => db.Set<Category>().Where(c => c.Type == RequestType.Report && c.Code == "cleanliness").Select(c => c.Id).SingleAsync());
        var admin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-admin", "RIY", "+966500000778");

        var (_, page) = await admin.GetAsync("/staff/admin/categories");
        Assert.Contains("cleanliness", page.QuerySelector("#categories")!.TextContent, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["Input.Type"] = "Report",
            ["Input.OwnerUnitId"] = Id(riyadh),
            ["Input.Code"] = "Canteen-Hygiene",
            ["Input.Name"] = "نظافة المقصف",
            ["Input.NameLatin"] = "Canteen hygiene",
            ["Input.ParentId"] = Id(cleanliness),
            ["Input.ResponsibleUnitId"] = Id(school),
            ["Input.IsActive"] = "true",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, "/staff/admin/categories", fields, formSelector: "#category-form")).StatusCode);
        var created = await DbAsync(db => db.Set<Category>().AsNoTracking().SingleAsync(c => c.Code == "canteen-hygiene"));
        Assert.Equal((riyadh, cleanliness, school), (created.OwnerUnitId, created.ParentId!.Value, created.ResponsibleUnitId!.Value));

        // The same code again under the same unit, and a parent of another type: refused, what was typed kept.
        var (_, again) = await admin.GetAsync("/staff/admin/categories");
        var inquiryParent = await DbAsync(db => db.Set<Category>().Where(c => c.Type == RequestType.Inquiry && c.ParentId == null).Select(c => c.Id).FirstAsync());
        var refused = await admin.SubmitAsync(again, "/staff/admin/categories", new Dictionary<string, string>(fields) { ["Input.Name"] = "اسم آخر", ["Input.ParentId"] = Id(inquiryParent) }, formSelector: "#category-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        var summary = doc.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("مستخدم", summary, StringComparison.Ordinal);
        Assert.Contains("تصنيفًا رئيسيًا من النوع نفسه", summary, StringComparison.Ordinal);
        Assert.Equal("اسم آخر", ((AngleSharp.Html.Dom.IHtmlInputElement)doc.QuerySelector("#Input_Name")!).Value);

        // A guest's report in the new sub-category goes straight to its responsible school.
        var guest = WebSession.Start(fixture.App);
        var sent = await guest.SubmitAsync("/requests/new?type=Report", new Dictionary<string, string>
        {
            ["Input.Type"] = "Report",
            ["Input.CategoryId"] = Id(created.Id),
            ["Input.Subject"] = "مقصف غير نظيف",
            ["Input.Description"] = "بقايا طعام متراكمة في مقصف المدرسة منذ أيام.",
            ["Input.Name"] = "طالب",
            ["Input.Mobile"] = "0551239876",
        });
        var (_, receipt) = await guest.FollowAsync(sent);
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        Assert.Equal(school, await DbAsync(db => db.Set<Request>().Where(r => r.Number == number).Select(r => r.UnitId).SingleAsync()));

        // Deactivated, it is no longer offered to requesters.
        var (_, edit) = await admin.GetAsync($"/staff/admin/categories?edit={created.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(edit, $"/staff/admin/categories?edit={created.Id}", new Dictionary<string, string>
        {
            ["Input.Name"] = "نظافة المقصف",
            ["Input.ParentId"] = Id(cleanliness),
            ["Input.ResponsibleUnitId"] = Id(school),
            ["Input.IsActive"] = "false",
        }, formSelector: "#category-form")).StatusCode);
        var (_, form) = await WebSession.Start(fixture.App).GetAsync("/requests/new?type=Report");
        Assert.DoesNotContain("نظافة المقصف", form.QuerySelector("#Input_CategoryId")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Staff_who_may_not_manage_a_category_cannot_change_it()
    {
        fixture.Require();
        var fire = await DbAsync(db => db.Set<Category>().Where(c => c.Code == "fire").Select(c => c.Id).SingleAsync());
        var edit = new Dictionary<string, string> { ["Input.Name"] = "مخترق", ["Input.IsActive"] = "true" };

        // A coordinator may look, but neither add nor edit.
        var coordinator = WebSession.Start(fixture.App);
        await coordinator.SignInAsync("coordinator", DemoData.Password);
        var (list, page) = await coordinator.GetAsync("/staff/admin/categories");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Null(page.QuerySelector("#category-form"));
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff/admin/categories?edit={fire}")).Response.StatusCode);
        var forged = await coordinator.Client.PostAsync("/staff/admin/categories", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Code"] = "x", ["Input.Name"] = "x" }));
        Assert.True(forged.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, forged.StatusCode.ToString());

        // An administrator of Makkah's subtree cannot edit the ministry's category (404), nor another directorate's.
        var makkahAdmin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-cat-admin", "MKK", "+966500000779");
        Assert.Equal(HttpStatusCode.NotFound, (await makkahAdmin.GetAsync($"/staff/admin/categories?edit={fire}")).Response.StatusCode);
        var (_, own) = await makkahAdmin.GetAsync("/staff/admin/categories");
        var post = await makkahAdmin.SubmitAsync(own, "/staff/admin/categories", edit, formSelector: "#category-form", action: $"/staff/admin/categories?edit={fire}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.NotEqual("مخترق", await DbAsync(db => db.Set<Category>().Where(c => c.Id == fire).Select(c => c.Name).SingleAsync()));

        // Not staff at all: sent to sign in.
        var (anonymous, _) = await WebSession.Start(fixture.App).GetAsync("/staff/admin/categories");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}

public sealed class CategoryAdminTestsOnSqlite(SqliteAppFixture f) : CategoryAdminTests(f), IClassFixture<SqliteAppFixture>;

public sealed class CategoryAdminTestsOnPostgres(PostgresAppFixture f) : CategoryAdminTests(f), IClassFixture<PostgresAppFixture>;
