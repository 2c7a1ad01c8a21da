using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Tests;

/// <summary>
/// Crafted input (issue 11, points 9, 11 and 14): control characters, NUL, bidi overrides, truncated file headers,
/// short "mobile numbers", markup and SQL-ish text each get a clear answer or are cleaned; never a 500, never stored raw.
/// </summary>
public abstract class HostileInputTests(AppFixture fixture)
{
    private HttpClient Client() => fixture.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<string> KeyAsync(string name)
    {
        using var scope = fixture.App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync(name, CancellationToken.None)).Key;
    }

    private async Task<T> WithDbAsync<T>(Func<WaslDbContext, Task<T>> action)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private async Task<string> UnitIdAsync(string code) =>
        (await WithDbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> PortalPostsAsync(WebSession s, string subject, string description, string name = "ولي أمر", string mobile = "0551112233", params UploadFile[] files) =>
        await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = await UnitIdAsync("RIY-S1"),
            ["Input.Subject"] = subject,
            ["Input.Description"] = description,
            ["Input.Name"] = name,
            ["Input.Mobile"] = mobile,
        }, files: files);

    private async Task<(string Number, string Secret)> PortalSubmitsAsync(string subject, string description, string name = "ولي أمر")
    {
        var s = WebSession.Start(fixture.App);
        var response = await PortalPostsAsync(s, subject, description, name);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return (receipt.QuerySelector("#request-number")!.TextContent, receipt.QuerySelector("#request-secret")!.TextContent);
    }

    private async Task<string> SearchAsync(string q)
    {
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync("coordinator", DemoData.Password);
        var (response, doc) = await s.GetAsync("/staff/requests/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc.QuerySelector("#results")?.TextContent ?? "";
    }

    [SkippableFact]
    public async Task Nul_control_characters_and_bidi_overrides_typed_on_the_portal_are_removed_before_storing()
    {
        fixture.Require();
        var (number, _) = await PortalSubmitsAsync("نافذة\u0000 مكسورة\u202E", "الزجاج\u0001 مكسور\r\nفي الفصل\u0007 الثالث.", "ولي\u2066 أمر\u0000");
        var stored = await WithDbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Equal("نافذة مكسورة", stored.Subject);
        Assert.Equal("الزجاج مكسور\nفي الفصل الثالث.", stored.Description);
        Assert.Equal("ولي أمر", stored.RequesterName);
    }

    [SkippableFact]
    public async Task The_json_api_cleans_control_characters_in_every_text_field()
    {
        fixture.Require();
        using var api = Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await KeyAsync("hostile-json"));
        var created = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "Complaint",
            subject = "تسرب\u0000 مياه",
            description = "تسرب\u0008 مياه في\u202D دورات المياه.",
            requester = new { name = "ولي\u0000 أمر", mobile = "0551112233" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
        var stored = await WithDbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Equal("تسرب مياه", stored.Subject);
        Assert.Equal("تسرب مياه في دورات المياه.", stored.Description);
        Assert.Equal("ولي أمر", stored.RequesterName);
        // The OpenAPI document still types the body's strings (the cleaning is not a custom converter).
        var openApi = JsonDocument.Parse(await api.GetStringAsync("/openapi/v1.json")).RootElement;
        var subject = openApi.GetProperty("components").GetProperty("schemas").GetProperty("ApiNewRequest").GetProperty("properties").GetProperty("subject");
        Assert.Contains("string", subject.GetRawText(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Open311_cleans_a_control_character_and_still_answers_xml_for_an_old_row_that_holds_one()
    {
        fixture.Require();
        var key = await KeyAsync("hostile-311");
        var fire = await WithDbAsync(db => db.Set<Category>().Where(c => c.Code == "fire").Select(c => c.Id).SingleAsync());
        using var http = Client();
        var posted = await http.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key,
            ["service_code"] = fire.ToString(CultureInfo.InvariantCulture),
            ["lat"] = "24.7136",
            ["long"] = "46.6753",
            ["description"] = "دخان\u0001 في المختبر\u202E",
            ["first_name"] = "مبلغ",
            ["phone"] = "0551231233",
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var number = XDocument.Parse(await posted.Content.ReadAsStringAsync()).Root!.Element("request")!.Element("service_request_id")!.Value;
        Assert.Equal("دخان في المختبر", await WithDbAsync(db => db.Set<Request>().Where(r => r.Number == number).Select(r => r.Description).SingleAsync()));

        // A NUL cannot even be decoded from a url-encoded form: a clear 400.
        var nul = await http.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key,
            ["service_code"] = fire.ToString(CultureInfo.InvariantCulture),
            ["description"] = "دخان\u0000",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("%00", XDocument.Parse(await nul.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("description")!.Value, StringComparison.Ordinal);

        // A row stored before cleaning existed (only possible on SQLite for NUL; a U+0001 on both).
        await WithDbAsync(db => db.Set<Request>().Where(r => r.Number == number).ExecuteUpdateAsync(s => s.SetProperty(r => r.Description, "قديم\u0001 نص\u0002")));
        var read = await http.GetAsync($"/open311/v2/requests/{number}.xml?api_key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("قديم نص", XDocument.Parse(await read.Content.ReadAsStringAsync()).Root!.Element("request")!.Element("description")!.Value);
        var list = await http.GetAsync($"/open311/v2/requests.xml?api_key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotNull(XDocument.Parse(await list.Content.ReadAsStringAsync()).Root);
    }

    [SkippableFact]
    public async Task A_five_digit_saudi_mobile_is_refused_by_the_portal_the_api_and_open311_naming_the_field()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var page = await PortalPostsAsync(s, "جوال قصير", "رقم الجوال المكتوب قصير جدا.", mobile: "12345");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var doc = await WebSession.ParseAsync(page);
        Assert.Contains("رقم الجوال: أدخل رقم جوال صحيحًا، مثل 0501234567.", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("12345", ((IHtmlInputElement)doc.QuerySelector("#Input_Mobile")!).Value);
        Assert.Equal("جوال قصير", ((IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);

        var key = await KeyAsync("short-mobile");
        using var api = Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var refused = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "Complaint",
            subject = "Short mobile",
            description = "The mobile number is too short.",
            requester = new { name = "Parent", mobile = "12345" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("requester.mobile: enter a valid mobile number, like 0501234567.", errors.GetProperty("requester.mobile")[0].GetString());

        var fire = await WithDbAsync(db => db.Set<Category>().Where(c => c.Code == "fire").Select(c => c.Id).SingleAsync());
        using var http = Client();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var open311 = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key,
            ["service_code"] = fire.ToString(CultureInfo.InvariantCulture),
            ["address_string"] = "Riyadh",
            ["description"] = "Smoke in the lab",
            ["first_name"] = "Reporter",
            ["phone"] = "12345",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, open311.StatusCode);
        var descriptions = JsonDocument.Parse(await open311.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(e => e.GetProperty("description").GetString());
        Assert.Contains("phone: enter a valid mobile number, like 0501234567.", descriptions);
        Assert.False(await WithDbAsync(db => db.Set<Request>().AnyAsync(r => r.RequesterMobile == "+96612345")));
    }

    [SkippableFact]
    public async Task Digits_that_are_no_identifier_hamza_seats_and_the_non_joiner_are_searched_as_words()
    {
        fixture.Require();
        var (digits, _) = await PortalSubmitsAsync("عطل في الجهاز رقم 12345", "الجهاز رقم 12345 في المختبر لا يعمل.");
        var (hamza, _) = await PortalSubmitsAsync("شكوى على المسؤول", "لم يرد مسؤول النقل على الاتصال.");
        var (zwnj, _) = await PortalSubmitsAsync("نامه‌ها نرسید", "نامه‌ها هنوز به مدرسه نرسیده است.");
        Assert.Contains(digits, await SearchAsync("١٢٣٤٥"), StringComparison.Ordinal);
        Assert.Contains(digits, await SearchAsync("12345"), StringComparison.Ordinal);
        Assert.Contains(hamza, await SearchAsync("مسئول"), StringComparison.Ordinal);
        Assert.Contains(zwnj, await SearchAsync("نامهها"), StringComparison.Ordinal);
        Assert.Contains(zwnj, await SearchAsync("نامه ها"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Rows_indexed_by_an_older_normalization_are_recomputed()
    {
        fixture.Require();
        var (number, _) = await PortalSubmitsAsync("شئون الطلاب", "طلب من شئون الطلاب بخصوص النقل.");
        // As version 1 stored it: hamza on yeh folded to yeh.
        await WithDbAsync(db => db.Set<Request>().Where(r => r.Number == number)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SearchText, "شيون الطلاب طلب من شيون الطلاب بخصوص النقل طلاب طلاب نقل").SetProperty(r => r.SearchVersion, 1)));
        Assert.DoesNotContain(number, await SearchAsync("شؤون"), StringComparison.Ordinal);
        while (await WithDbAsync(db => SearchTextRebuild.RunBatchAsync(db, 100, CancellationToken.None)) > 0)
        {
        }
        var row = await WithDbAsync(db => db.Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Equal(SearchText.Version, row.SearchVersion);
        Assert.Equal(SearchText.IndexForm(row.Subject, row.Description), row.SearchText);
        Assert.Contains(number, await SearchAsync("شؤون"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Truncated_ole_and_zip_headers_are_refused_with_a_message_not_a_500()
    {
        fixture.Require();
        byte[] shortOle = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        foreach (var (name, bytes) in new[] { ("قديم.doc", shortOle), ("جدول.xlsx", "PK\u0003\u0004"u8.ToArray()) })
        {
            var s = WebSession.Start(fixture.App);
            var response = await PortalPostsAsync(s, "ملف مقطوع", "ملف مقطوع الرأس مرفق.", files: new UploadFile("Files", name, bytes));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await WebSession.ParseAsync(response);
            Assert.Contains($"«\u2068{name}\u2069» مرفوض: نوع محتواه غير مسموح به", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Markup_in_subject_description_and_name_is_shown_as_text_on_the_staff_screen_and_the_tracking_page()
    {
        fixture.Require();
        const string script = "<script>alert('x')</script>";
        var (number, secret) = await PortalSubmitsAsync("عنوان " + script, "وصف <img src=x onerror=alert(1)> " + script, "اسم " + script);

        var staff = WebSession.Start(fixture.App);
        await staff.SignInAsync("coordinator", DemoData.Password);
        var (_, detail) = await staff.GetAsync($"/staff/requests/{number}");
        Assert.Empty(detail.QuerySelectorAll("main script, main img[onerror]"));
        Assert.Contains("عنوان " + script, detail.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("اسم " + script, detail.Body!.TextContent, StringComparison.Ordinal);

        var guest = WebSession.Start(fixture.App);
        var (_, tracked) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.NotNull(tracked.QuerySelector("#tracked"));
        Assert.Empty(tracked.QuerySelectorAll("main script, main img[onerror]"));
        Assert.Contains("عنوان " + script, tracked.Body!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sql_like_search_text_is_only_words()
    {
        fixture.Require();
        var (number, _) = await PortalSubmitsAsync("انقطاع الإنترنت", "انقطع الإنترنت عن معمل الحاسب.");
        // Each answers 200 (SearchAsync asserts it): the text is bound as a parameter and quoted as FTS tokens.
        foreach (var q in new[] { "' OR 1=1 --", "\"; DROP TABLE \"Requests\"; --", "انقطاع') OR ('1'='1", "* NEAR(a b) ^c", "انقطاع\u0000" })
            await SearchAsync(q);
        Assert.DoesNotContain(number, await SearchAsync("' OR 1=1 --"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("انقطاع\u0000"), StringComparison.Ordinal);
        Assert.True(await WithDbAsync(db => db.Set<Request>().AnyAsync(r => r.Number == number)));
    }
}

public sealed class HostileInputTestsOnSqlite(SqliteAppFixture f) : HostileInputTests(f), IClassFixture<SqliteAppFixture>;

public sealed class HostileInputTestsOnPostgres(PostgresAppFixture f) : HostileInputTests(f), IClassFixture<PostgresAppFixture>;
