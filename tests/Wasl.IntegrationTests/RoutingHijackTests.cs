using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// Routing cannot be hijacked across directorates (issue 11, point 3): unit areas nest (inside the nearest ancestor's
/// area, holding the children's, drawn only inside an area set above the administrator), and a directorate's category
/// routes only within its subtree. A Riyadh administrator cannot make a Makkah school's report, or a complaint
/// addressed to a Makkah school, land in Riyadh. Demo areas: see AreasDemoData.
/// </summary>
public abstract class RoutingHijackTests(AppFixture fixture)
{
    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> query)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private Task<string> UnitNameAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Name).SingleAsync());

    private Task<string?> AreaAsync(int unitId) => DbAsync(db => db.Set<UnitArea>().Where(a => a.UnitId == unitId).Select(a => a.GeoJson).SingleOrDefaultAsync());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>An administrator of Riyadh's subtree only (not in the demo data).</summary>
    private Task<WebSession> RiyadhAdministratorAsync() => StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-admin", "RIY", "+966500000778");

    /// <summary>Posts an area for the unit and expects it refused: the page again, with the text kept and the message on the field.</summary>
    private static async Task<string> AreaRefusedAsync(WebSession s, int unitId, string geoJson, string formSelector = "#area-form")
    {
        var path = $"/staff/admin/units/{unitId}/area";
        var (_, page) = await s.GetAsync(path);
        var response = await s.SubmitAsync(page, path, new Dictionary<string, string> { ["GeoJson"] = geoJson }, formSelector: formSelector);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await WebSession.ParseAsync(response);
        Assert.Equal("#GeoJson", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        if (formSelector == "#area-form") Assert.Equal(geoJson, ((IHtmlTextAreaElement)doc.QuerySelector("#GeoJson")!).Value);
        return doc.QuerySelector(".error-summary")!.TextContent;
    }

    private async Task<string> GuestReportAsync(string subject, string lat, string lon)
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new?type=Report", new Dictionary<string, string>
        {
            ["Input.Type"] = "Report",
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تسرب مياه من سقف الفصل منذ الصباح، والماء يقترب من الأسلاك.",
            ["Input.Role"] = "Parent",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0541234567",
            ["Input.Latitude"] = lat,
            ["Input.Longitude"] = lon,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private Task<int> UnitOfAsync(string number) => DbAsync(db => db.Set<Request>().Where(r => r.Number == number).Select(r => r.UnitId).SingleAsync());

    [SkippableFact]
    public async Task A_directorate_administrator_cannot_draw_an_area_over_another_directorates_school()
    {
        fixture.Require();
        var riyadh = await RiyadhAdministratorAsync();
        var riyadhName = await UnitNameAsync("RIY");
        var school = await UnitIdAsync("RIY-S2");
        var schoolBefore = await AreaAsync(school);

        // A Riyadh school's area drawn around the Makkah school MKK-S1: outside Riyadh's area, refused.
        var overMakkah = AreasDemoData.Square(21.4225, 39.8262, 0.01);
        var message = await AreaRefusedAsync(riyadh, school, overMakkah);
        Assert.Contains("يجب أن يقع النطاق داخل نطاق", message, StringComparison.Ordinal);
        Assert.Contains(riyadhName, message, StringComparison.Ordinal);
        Assert.Equal(schoolBefore, await AreaAsync(school));

        // Nor may it stretch its own directorate's area over Makkah, or clear it: that area is the ministry's to set.
        var directorate = await UnitIdAsync("RIY");
        var directorateBefore = await AreaAsync(directorate);
        var stretched = """{"type":"Polygon","coordinates":[[[39.0,21.0],[47.5,21.0],[47.5,25.5],[39.0,25.5],[39.0,21.0]]]}""";
        message = await AreaRefusedAsync(riyadh, directorate, stretched);
        Assert.Contains("مديرو الجهة الأعلى", message, StringComparison.Ordinal);
        Assert.Contains(riyadhName, message, StringComparison.Ordinal);
        message = await AreaRefusedAsync(riyadh, directorate, "", formSelector: "#area-clear");
        Assert.Contains("مديرو الجهة الأعلى", message, StringComparison.Ordinal);
        Assert.Equal(directorateBefore, await AreaAsync(directorate));

        // A report pinned on the Makkah school still reaches it.
        Assert.Equal(await UnitIdAsync("MKK-S1"), await UnitOfAsync(await GuestReportAsync("بلاغ عند مدرسة مكة", "21.4225", "39.8262")));

        // Inside Riyadh's area, the Riyadh administrator still draws its schools' areas.
        var (_, page) = await riyadh.GetAsync($"/staff/admin/units/{school}/area");
        var inside = AreasDemoData.Square(24.80, 46.80, 0.005);
        var saved = await riyadh.SubmitAsync(page, $"/staff/admin/units/{school}/area", new Dictionary<string, string> { ["GeoJson"] = inside }, formSelector: "#area-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(school, await UnitOfAsync(await GuestReportAsync("بلاغ في النطاق الجديد", "24.80", "46.80")));
    }

    [SkippableFact]
    public async Task Areas_nest_a_parent_cannot_shrink_past_a_child_and_a_child_cannot_leave_its_parent()
    {
        fixture.Require();
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");

        // Makkah's area shrunk to MKK-S1's surroundings would leave MKK-S2 outside: refused, naming MKK-S2.
        var makkah = await UnitIdAsync("MKK");
        var makkahBefore = await AreaAsync(makkah);
        var message = await AreaRefusedAsync(admin, makkah, AreasDemoData.Square(21.4225, 39.8262, 0.01));
        Assert.Contains("سيقع نطاق", message, StringComparison.Ordinal);
        Assert.Contains(await UnitNameAsync("MKK-S2"), message, StringComparison.Ordinal);
        Assert.Equal(makkahBefore, await AreaAsync(makkah));

        // A Makkah school's area drawn in Riyadh lies outside Makkah's: refused, naming Makkah, even for the ministry.
        var school = await UnitIdAsync("MKK-S2");
        var schoolBefore = await AreaAsync(school);
        message = await AreaRefusedAsync(admin, school, AreasDemoData.Square(24.7136, 46.6753, 0.01));
        Assert.Contains("يجب أن يقع النطاق داخل نطاق", message, StringComparison.Ordinal);
        Assert.Contains(await UnitNameAsync("MKK"), message, StringComparison.Ordinal);
        Assert.Equal(schoolBefore, await AreaAsync(school));

        // Nor may the school move, with its area, under Riyadh: its area lies outside Riyadh's.
        var (_, unitPage) = await admin.GetAsync($"/staff/admin/units/{school}");
        string Value(string id) => ((IHtmlInputElement)unitPage.QuerySelector($"#{id}")!).Value;
        var moved = await admin.SubmitAsync(unitPage, $"/staff/admin/units/{school}", new Dictionary<string, string>
        {
            ["Edit.Code"] = Value("Edit_Code"),
            ["Edit.Name"] = Value("Edit_Name"),
            ["Edit.NameLatin"] = Value("Edit_NameLatin"),
            ["Edit.KindId"] = ((IHtmlSelectElement)unitPage.QuerySelector("#Edit_KindId")!).Value ?? "",
            ["Edit.IsActive"] = "true",
            ["Edit.ParentId"] = Id(await UnitIdAsync("RIY")),
        }, formSelector: "form[action*='Edit']");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains(await UnitNameAsync("RIY"), (await WebSession.ParseAsync(moved)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(makkah, await DbAsync(db => db.Units.Where(u => u.Id == school).Select(u => u.ParentId!.Value).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_directorate_category_cannot_route_a_complaint_addressed_to_another_directorates_school()
    {
        fixture.Require();
        var riyadh = await RiyadhAdministratorAsync();
        var (riy, mkkSchool, riySchool) = (await UnitIdAsync("RIY"), await UnitIdAsync("MKK-S1"), await UnitIdAsync("RIY-S1"));
        var riyadhName = await UnitNameAsync("RIY");

        // A Riyadh category cannot name a Makkah school as its responsible office; it is not even offered.
        var (_, page) = await riyadh.GetAsync("/staff/admin/categories");
        Assert.Null(page.QuerySelector($"#Input_ResponsibleUnitId option[value='{Id(mkkSchool)}']"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.OwnerUnitId"] = Id(riy),
            ["Input.Code"] = "school-complaints",
            ["Input.Name"] = "شكاوى المدارس",
            ["Input.ResponsibleUnitId"] = Id(mkkSchool),
            ["Input.IsActive"] = "true",
        };
        var refused = await riyadh.SubmitAsync(page, "/staff/admin/categories", fields, formSelector: "#category-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        Assert.Contains("يجب أن تكون الجهة المسؤولة", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Input_ResponsibleUnitId", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.False(await DbAsync(db => db.Set<Category>().AnyAsync(c => c.Code == "school-complaints")));

        // Answered in Riyadh, it is accepted…
        fields["Input.ResponsibleUnitId"] = Id(riy);
        Assert.Equal(HttpStatusCode.Redirect, (await riyadh.SubmitAsync(page, "/staff/admin/categories", fields, formSelector: "#category-form")).StatusCode);
        var category = await DbAsync(db => db.Set<Category>().Where(c => c.Code == "school-complaints").Select(c => c.Id).SingleAsync());

        // …but a complaint addressed to the Makkah school in it is refused, naming the category's owner; nothing is filed.
        var subject = "شكوى موجهة إلى مدرسة مكة " + Guid.NewGuid().ToString("N")[..6];
        var complaint = new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.CategoryId"] = Id(category),
            ["Input.UnitId"] = Id(mkkSchool),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Role"] = "Parent",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        };
        var guest = WebSession.Start(fixture.App);
        var sent = await guest.SubmitAsync("/requests/new", complaint);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        doc = await WebSession.ParseAsync(sent);
        var summary = doc.QuerySelector(".error-summary")!;
        Assert.Contains("هذا التصنيف خاص بـ", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains(riyadhName, summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Input_CategoryId", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(subject, ((IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);
        Assert.False(await DbAsync(db => db.Set<Request>().AnyAsync(r => r.Subject == subject)));

        // The API refuses it the same way.
        string key;
        using (var scope = fixture.App.Services.CreateScope())
            key = (await scope.ServiceProvider.GetRequiredService<Wasl.Web.Platform.Security.ApiClients.ApiClientStore>().CreateAsync("routing-test", CancellationToken.None)).Key;
        using var api = fixture.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var byApi = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "complaint",
            categoryId = category,
            unitId = mkkSchool,
            subject,
            description = "تفاصيل الشكوى كما رواها ولي الأمر.",
            requester = new { name = "مستفيد عبر التطبيق", mobile = "0551112233" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, byApi.StatusCode);
        Assert.Contains("categoryId", await byApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await DbAsync(db => db.Set<Request>().AnyAsync(r => r.Subject == subject)));

        // Addressed to a Riyadh school, the category routes to its responsible office as before.
        complaint["Input.UnitId"] = Id(riySchool);
        var ok = await WebSession.Start(fixture.App).SubmitAsync("/requests/new", complaint);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(riy, await DbAsync(db => db.Set<Request>().Where(r => r.Subject == subject).Select(r => r.UnitId).SingleAsync()));
    }
}

public sealed class RoutingHijackTestsOnSqlite(SqliteAppFixture f) : RoutingHijackTests(f), IClassFixture<SqliteAppFixture>;

public sealed class RoutingHijackTestsOnPostgres(PostgresAppFixture f) : RoutingHijackTests(f), IClassFixture<PostgresAppFixture>;
