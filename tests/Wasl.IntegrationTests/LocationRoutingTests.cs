using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// Reports with a location (issue "Requests and reports", points 1, 3 and 5): the pin's coordinates reach the request,
/// the deepest unit whose area holds the point receives it, bad coordinates come back with the form, and unit areas
/// are edited only by administrators of the unit's subtree. Demo areas: see AreasDemoData.
/// </summary>
public abstract class LocationRoutingTests(AppFixture fixture)
{
    // Inside RIY-S1's demo square (and so inside RIY and the ministry).
    private const string InRiyS1Lat = "24.7136";
    private const string InRiyS1Lon = "46.6753";

    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> query)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private Task<Request> StoredAsync(string number) => DbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, string>> ReportAsync(string subject, string? lat, string? lon, string? unitCode = null, string type = "Report")
    {
        var maintenance = await DbAsync(db => db.Set<Category>().Where(c => c.Code == (type == "Report" ? "maintenance" : "transport")).Select(c => c.Id).SingleAsync());
        var fields = new Dictionary<string, string>
        {
            ["Input.Type"] = type,
            ["Input.CategoryId"] = Id(maintenance),
            ["Input.UnitId"] = unitCode is null ? "" : Id(await UnitIdAsync(unitCode)),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تسرب مياه من سقف الفصل منذ الصباح، والماء يقترب من الأسلاك.",
            ["Input.Role"] = "Parent",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0541234567",
        };
        if (lat is not null) fields["Input.Latitude"] = lat;
        if (lon is not null) fields["Input.Longitude"] = lon;
        return fields;
    }

    private async Task<string> GuestSendsAsync(Dictionary<string, string> fields)
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new?type=Report", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    [SkippableFact]
    public async Task A_guest_report_pinned_inside_a_schools_area_lands_in_that_schools_queue()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var (page, form) = await s.GetAsync("/requests/new?type=Report");
        // The coordinate fields are there without any script, labelled; the map is an enhancement over them.
        Assert.NotNull(form.QuerySelector("label[for=Input_Latitude]"));
        Assert.NotNull(form.QuerySelector("label[for=Input_Longitude]"));
        Assert.Equal("ltr", form.QuerySelector("[data-map-picker]")!.GetAttribute("dir"));
        Assert.Contains("img-src 'self' data: https://tile.openstreetmap.org;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // Typed in Arabic-Indic digits with the Arabic decimal separator; the requester also chose another directorate.
        var number = await GuestSendsAsync(await ReportAsync("تسرب مياه في فصل", "٢٤٫٧١٣٦", "٤٦٫٦٧٥٣", unitCode: "MKK"));
        var stored = await StoredAsync(number);
        Assert.Equal(await UnitIdAsync("RIY-S1"), stored.UnitId);
        Assert.Equal(24.7136, stored.Latitude!.Value, 9);
        Assert.Equal(46.6753, stored.Longitude!.Value, 9);

        // The school's directorate sees it in its queue, with the location as text and on a map; the other directorate does not.
        var riyadh = WebSession.Start(fixture.App);
        await riyadh.SignInAsync("coordinator", DemoData.Password);
        var (_, queue) = await riyadh.GetAsync("/staff/requests");
        Assert.Contains(number, queue.QuerySelector("#queue")!.TextContent, StringComparison.Ordinal);
        var (_, detail) = await riyadh.GetAsync($"/staff/requests/{number}");
        var location = detail.QuerySelector("#request-location bdi")!;
        Assert.Equal("ltr", location.GetAttribute("dir"));
        Assert.Equal("24.7136, 46.6753", location.TextContent);
        Assert.Equal("24.7136,46.6753", detail.QuerySelector("#request-map")!.GetAttribute("data-marker"));
        Assert.Contains("مدرسة الرياض الابتدائية الأولى", detail.QuerySelector("#request")!.TextContent, StringComparison.Ordinal);

        var makkah = WebSession.Start(fixture.App);
        await makkah.SignInAsync("coordinator2", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await makkah.GetAsync($"/staff/requests/{number}")).Response.StatusCode);
    }

    [SkippableFact]
    public async Task A_pin_outside_every_area_falls_back_to_the_usual_routing()
    {
        fixture.Require();
        // London: no area holds it. The chosen unit receives the report; without a choice, the ministry centre.
        var chosen = await GuestSendsAsync(await ReportAsync("بلاغ خارج النطاقات", "51.5072", "-0.1276", unitCode: "MKK-S1"));
        Assert.Equal(await UnitIdAsync("MKK-S1"), (await StoredAsync(chosen)).UnitId);
        var none = await GuestSendsAsync(await ReportAsync("بلاغ خارج النطاقات بلا جهة", "51.5072", "-0.1276"));
        var stored = await StoredAsync(none);
        Assert.Equal(await UnitIdAsync("MOE"), stored.UnitId);
        Assert.Equal(51.5072, stored.Latitude!.Value, 9);

        // A report without a location routes as before.
        var unlocated = await GuestSendsAsync(await ReportAsync("بلاغ بلا موقع", null, null, unitCode: "RIY-S2"));
        var plain = await StoredAsync(unlocated);
        Assert.Equal(await UnitIdAsync("RIY-S2"), plain.UnitId);
        Assert.Null(plain.Latitude);
        Assert.Null(plain.Longitude);

        // Areas decide only for reports: a complaint pinned inside RIY-S1 goes where its requester sent it, location kept.
        var complaint = await GuestSendsAsync(await ReportAsync("شكوى مع موقع", InRiyS1Lat, InRiyS1Lon, unitCode: "MKK-S2", type: "Complaint"));
        var c = await StoredAsync(complaint);
        Assert.Equal(await UnitIdAsync("MKK-S2"), c.UnitId);
        Assert.Equal(24.7136, c.Latitude!.Value, 9);
    }

    [SkippableTheory]
    [InlineData("24.7136", "", "Input_Longitude", "معًا")]
    [InlineData("", "46.6753", "Input_Latitude", "معًا")]
    [InlineData("شمال", "46.6753", "Input_Latitude", "رقمًا")]
    [InlineData("٩٥", "46.6753", "Input_Latitude", "90 درجة")]
    [InlineData("24.7136", "-190", "Input_Longitude", "180 درجة")]
    public async Task Invalid_coordinates_come_back_with_a_message_and_everything_typed(string lat, string lon, string field, string message)
    {
        fixture.Require();
        var subject = "بلاغ بإحداثيات خاطئة " + Guid.NewGuid().ToString("N")[..6];
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new?type=Report", await ReportAsync(subject, lat, lon));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await WebSession.ParseAsync(response);
        var summary = doc.QuerySelector(".error-summary")!;
        Assert.Single(summary.QuerySelectorAll("li"));
        Assert.Contains(message, summary.TextContent, StringComparison.Ordinal);
        Assert.Equal($"#{field}", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("input-validation-error", doc.QuerySelector($"#{field}")!.ClassName, StringComparison.Ordinal);
        Assert.Equal(lat, ((IHtmlInputElement)doc.QuerySelector("#Input_Latitude")!).Value);
        Assert.Equal(lon, ((IHtmlInputElement)doc.QuerySelector("#Input_Longitude")!).Value);
        Assert.Equal(subject, ((IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);
        Assert.True(((IHtmlInputElement)doc.QuerySelector("#type-Report")!).IsChecked);
        Assert.False(await DbAsync(db => db.Set<Request>().AnyAsync(r => r.Subject == subject)));
    }

    [SkippableFact]
    public async Task The_call_center_files_a_located_report_that_routes_by_area()
    {
        fixture.Require();
        var agent = WebSession.Start(fixture.App);
        await agent.SignInAsync("agent", DemoData.Password);
        var (_, page) = await agent.GetAsync("/staff/call-center?q=0533334444");
        Assert.NotNull(page.QuerySelector("#call-form #Input_Latitude"));
        var fields = await ReportAsync("حريق صغير قرب المدرسة", "21.4", "39.87");
        fields["Input.Mobile"] = "0533334444";
        var filed = await agent.SubmitAsync(page, "/staff/call-center?q=0533334444", fields, formSelector: "#call-form");
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var (_, receipt) = await agent.FollowAsync(filed);
        var stored = await StoredAsync(receipt.QuerySelector("#request-number")!.TextContent);
        Assert.Equal(await UnitIdAsync("MKK-S2"), stored.UnitId);
        Assert.Equal(IntakeChannel.CallCenter, stored.Channel);

        // The agent's bad coordinates are refused the same way.
        var (_, again) = await agent.GetAsync("/staff/call-center?q=0533334444");
        var bad = await agent.SubmitAsync(again, "/staff/call-center?q=0533334444", await ReportAsync("بلاغ بإحداثيات ناقصة", "21.4", ""), formSelector: "#call-form");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var doc = await WebSession.ParseAsync(bad);
        Assert.Equal("#Input_Longitude", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Equal("21.4", ((IHtmlInputElement)doc.QuerySelector("#Input_Latitude")!).Value);
    }

    // ----- Unit areas: administration -----

    private const string NewSchoolArea = """{"type":"Feature","properties":{"name":"annex"},"geometry":{"type":"Polygon","coordinates":[[[46.60,24.60],[46.61,24.60],[46.61,24.61],[46.60,24.61],[46.60,24.60]]]}}""";

    private Task<WebSession> WithTwoFactorAsync(string userName) => StaffSignIn.WithTwoFactorAsync(fixture, userName);

    /// <summary>An administrator of Makkah's subtree only (not in the demo data).</summary>
    private Task<WebSession> MakkahAdministratorAsync() => StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-admin", "MKK", "+966500000777");

    private Task<UnitArea?> AreaAsync(int unitId) => DbAsync(db => db.Set<UnitArea>().AsNoTracking().SingleOrDefaultAsync(a => a.UnitId == unitId));

    [SkippableFact]
    public async Task An_administrator_sets_replaces_and_clears_a_units_area_and_routing_follows()
    {
        fixture.Require();
        var admin = await WithTwoFactorAsync("admin");
        var school = await UnitIdAsync("RIY-S2");
        var (_, unitPage) = await admin.GetAsync($"/staff/admin/units/{school}");
        Assert.Equal($"/staff/admin/units/{school}/area", unitPage.QuerySelector("#unit-area-link")!.GetAttribute("href"));

        var (shown, page) = await admin.GetAsync($"/staff/admin/units/{school}/area");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.NotNull(page.QuerySelector("#area-map[data-area]"));
        var saved = await admin.SubmitAsync(page, $"/staff/admin/units/{school}/area", new Dictionary<string, string> { ["GeoJson"] = NewSchoolArea }, formSelector: "#area-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var area = (await AreaAsync(school))!;
        Assert.Equal(24.60, area.MinLatitude, 9);
        Assert.Equal(46.61, area.MaxLongitude, 9);
        Assert.StartsWith("""{"type":"Polygon","coordinates":""", area.GeoJson, StringComparison.Ordinal);

        // A report at the new place now reaches the school, and the old place only its directorate.
        Assert.Equal(school, (await StoredAsync(await GuestSendsAsync(await ReportAsync("بلاغ في الموقع الجديد", "24.605", "46.605")))).UnitId);
        Assert.Equal(await UnitIdAsync("RIY"), (await StoredAsync(await GuestSendsAsync(await ReportAsync("بلاغ في الموقع القديم", "24.774", "46.738")))).UnitId);

        // Uploading a .geojson file replaces it.
        var (_, again) = await admin.GetAsync($"/staff/admin/units/{school}/area");
        var upload = new MultipartFormDataContent
        {
            { new StringContent(((IHtmlInputElement)again.QuerySelector("#area-form input[name=__wasl_af]")!).Value), "__wasl_af" },
            { new StringContent(""), "GeoJson" },
        };
        var file = new ByteArrayContent("""{"type":"Polygon","coordinates":[[[46.70,24.70],[46.72,24.70],[46.72,24.72],[46.70,24.72],[46.70,24.70]]]}"""u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        upload.Add(file, "Upload", "school.geojson");
        var uploaded = await admin.Client.PostAsync($"/staff/admin/units/{school}/area/Save", upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal(46.72, (await AreaAsync(school))!.MaxLongitude, 9);

        // Clearing it.
        var (_, withArea) = await admin.GetAsync($"/staff/admin/units/{school}/area");
        var cleared = await admin.SubmitAsync(withArea, $"/staff/admin/units/{school}/area", new Dictionary<string, string>(), formSelector: "#area-clear");
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Null(await AreaAsync(school));
        var (_, empty) = await admin.GetAsync($"/staff/admin/units/{school}/area");
        Assert.Null(empty.QuerySelector("#area-map"));
        Assert.Null(empty.QuerySelector("#area-clear"));
    }

    [SkippableTheory]
    [InlineData("""{"type":"Polygon","coordinates":[[[46.6,24.6],[46.7,24.7],[46.7,24.6],[46.6,24.7],[46.6,24.6]]]}""", "تتقاطع مع نفسها")]
    [InlineData("""{"type":"Polygon" "coordinates":[]}""", "JSON")]
    [InlineData("""{"type":"Point","coordinates":[46.6,24.6]}""", "مضلعًا")]
    [InlineData("""{"type":"Polygon","coordinates":[[[46.6,24.6],[246.7,24.6],[46.7,24.7],[46.6,24.6]]]}""", "خارج المدى")]
    public async Task Invalid_geojson_is_refused_with_a_message_and_the_text_kept(string text, string message)
    {
        fixture.Require();
        var admin = await WithTwoFactorAsync("admin");
        var school = await UnitIdAsync("MKK-S1");
        var before = (await AreaAsync(school))!.GeoJson;
        var (_, page) = await admin.GetAsync($"/staff/admin/units/{school}/area");
        var response = await admin.SubmitAsync(page, $"/staff/admin/units/{school}/area", new Dictionary<string, string> { ["GeoJson"] = text }, formSelector: "#area-form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await WebSession.ParseAsync(response);
        Assert.Contains(message, doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#GeoJson", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Equal(text, ((IHtmlTextAreaElement)doc.QuerySelector("#GeoJson")!).Value);
        Assert.Equal(before, (await AreaAsync(school))!.GeoJson);
    }

    [SkippableFact]
    public async Task Only_administrators_of_the_units_subtree_may_change_its_area()
    {
        fixture.Require();
        var school = await UnitIdAsync("RIY-S1");
        var before = (await AreaAsync(school))!.GeoJson;
        var path = $"/staff/admin/units/{school}/area";

        // A coordinator of the directorate sees the area but gets no form, and a forged post is refused.
        var coordinator = WebSession.Start(fixture.App);
        await coordinator.SignInAsync("coordinator", DemoData.Password);
        var (seen, page) = await coordinator.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.NotNull(page.QuerySelector("#area-map"));
        Assert.Null(page.QuerySelector("#area-form"));
        Assert.Null(page.QuerySelector("#area-clear"));
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__wasl_af]")!).Value;
        foreach (var handler in new[] { "Save", "Clear" })
        {
            var forged = await coordinator.Client.PostAsync($"{path}/{handler}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__wasl_af"] = token, ["GeoJson"] = NewSchoolArea }));
            Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Contains("/access-denied", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // An administrator of another subtree (Makkah) does not even see it.
        var other = await MakkahAdministratorAsync();
        var (own, ownPage) = await other.GetAsync($"/staff/admin/units/{await UnitIdAsync("MKK-S1")}/area");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.NotNull(ownPage.QuerySelector("#area-form"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).Response.StatusCode);
        var otherToken = ((IHtmlInputElement)ownPage.QuerySelector("#area-form input[name=__wasl_af]")!).Value;
        foreach (var handler in new[] { "Save", "Clear" })
        {
            var refused = await other.Client.PostAsync($"{path}/{handler}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__wasl_af"] = otherToken, ["GeoJson"] = NewSchoolArea }));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // A principal, a beneficiary and an anonymous visitor are turned away.
        var principal = WebSession.Start(fixture.App);
        await principal.SignInAsync("principal", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await principal.GetAsync(path)).Response.StatusCode);
        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        Assert.Contains("/access-denied", (await parent.GetAsync(path)).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/staff/sign-in", (await WebSession.Start(fixture.App).GetAsync(path)).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        Assert.Equal(before, (await AreaAsync(school))!.GeoJson);
    }
}

public sealed class LocationRoutingTestsOnSqlite(SqliteAppFixture f) : LocationRoutingTests(f), IClassFixture<SqliteAppFixture>;

public sealed class LocationRoutingTestsOnPostgres(PostgresAppFixture f) : LocationRoutingTests(f), IClassFixture<PostgresAppFixture>;
