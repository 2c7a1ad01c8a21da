using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Tests;

/// <summary>The JSON API for other systems (issue 3, points 1 and 9): keys, ProblemDetails, and a client sees only its own requests.</summary>
public abstract class RequestsApiTests(AppFixture fixture)
{
    private async Task<string> NewKeyAsync(string name)
    {
        using var scope = fixture.App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync(name, CancellationToken.None)).Key;
    }

    private HttpClient Client(string? key, string? language = null)
    {
        var client = fixture.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static object Body(string subject = "تأخر صرف المكافأة", string mobile = "٠٥٥١٢٣٤٥٦٧", string type = "complaint") => new
    {
        type,
        subject,
        description = "لم تصرف مكافأة الطالب منذ ثلاثة أشهر رغم المراجعة.",
        requester = new { name = "مستفيد عبر التطبيق", mobile, nationalId = (string?)null, email = "a@example.com", role = "Parent" },
    };

    private async Task<long> CountAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().LongCountAsync();
    }

    [SkippableFact]
    public async Task A_client_files_a_request_and_follows_it_but_no_other_client_can()
    {
        fixture.Require();
        using var api = Client(await NewKeyAsync("ministry-app"));
        var created = await api.PostAsJsonAsync("/api/v1/requests", Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var number = json.GetProperty("number").GetString()!;
        Assert.True(ReferenceNumber.TryParse(number, out _));
        Assert.Equal(8, json.GetProperty("secret").GetString()!.Length);
        Assert.Equal("/api/v1/requests/" + number, created.Headers.Location!.OriginalString);
        Assert.Contains("/requests/track?number=" + number, json.GetProperty("trackingUrl").GetString(), StringComparison.Ordinal);

        using (var scope = fixture.App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == number);
            Assert.Equal(IntakeChannel.Api, stored.Channel);
            Assert.Equal("+966551234567", stored.RequesterMobile);
            Assert.NotNull(stored.ApiClientId);
        }

        var status = JsonDocument.Parse(await api.GetStringAsync("/api/v1/requests/" + number.ToLowerInvariant())).RootElement;
        Assert.Equal("New", status.GetProperty("status").GetString());
        Assert.Equal(["Submitted", "Routed"], status.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        // Another client, an unknown number, and no key: nothing is revealed.
        using var other = Client(await NewKeyAsync("partner"));
        var denied = await other.GetAsync("/api/v1/requests/" + number);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/requests/WSL-2026-0000000-0")).StatusCode);
        using var anonymous = Client(null);
        var unauthenticated = await anonymous.GetAsync("/api/v1/requests/" + number);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("application/problem+json", unauthenticated.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Bearer", unauthenticated.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Wrong_and_revoked_keys_and_browser_cookies_are_refused()
    {
        fixture.Require();
        var key = await NewKeyAsync("to-revoke");
        using var forged = Client(key[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/v1/requests", Body())).StatusCode);
        using var garbage = Client("not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync("/api/v1/categories")).StatusCode);

        int id;
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var keyId = key.Split('_')[1];
            id = await db.Set<ApiClient>().Where(c => c.KeyId == keyId).Select(c => c.Id).SingleAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiClientStore>().RevokeAsync(id, CancellationToken.None));
        }
        using var revoked = Client(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/v1/categories")).StatusCode);

        // A signed-in administrator's browser session is not an API credential.
        var browser = WebSession.Start(fixture.App);
        await browser.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("/api/v1/categories")).StatusCode);
    }

    [SkippableFact]
    public async Task Invalid_input_answers_a_localized_validation_problem_and_writes_nothing()
    {
        fixture.Require();
        var key = await NewKeyAsync("validator");
        var before = await CountAsync();

        using var arabic = Client(key);
        var rejected = await arabic.PostAsJsonAsync("/api/v1/requests", Body(subject: "", mobile: "12", type: "praise"));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType!.MediaType);
        var errors = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["requester.mobile", "subject", "type"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("هذا الحقل مطلوب.", errors.GetProperty("subject")[0].GetString());

        using var english = Client(key, "en");
        var englishProblem = JsonDocument.Parse(await (await english.PostAsJsonAsync("/api/v1/requests", Body(subject: ""))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("This field is required.", englishProblem.GetProperty("errors").GetProperty("subject")[0].GetString());

        // Not JSON at all: still a problem document, never a stack trace.
        var broken = await arabic.PostAsync("/api/v1/requests", new StringContent("{\"type\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var text = await broken.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);

        Assert.Equal(before, await CountAsync());
    }

    [SkippableFact]
    public async Task A_report_with_a_location_is_routed_to_the_unit_whose_area_holds_it()
    {
        fixture.Require();
        using var api = Client(await NewKeyAsync("civil-defence"));
        var created = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "Report",
            subject = "دخان في مبنى المدرسة",
            description = "يتصاعد دخان من مختبر العلوم في المدرسة.",
            requester = new { name = "حارس المدرسة", mobile = "0551230000" },
            location = new { latitude = 24.7136, longitude = 46.6753 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var stored = await db.Set<Request>().SingleAsync(r => r.Number == number);
            Assert.Equal("RIY-S1", await db.Units.Where(u => u.Id == stored.UnitId).Select(u => u.Code).SingleAsync());
        }

        var half = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "Report",
            subject = "دخان في مبنى المدرسة",
            description = "يتصاعد دخان من مختبر العلوم في المدرسة.",
            requester = new { name = "حارس المدرسة", mobile = "0551230000" },
            location = new { latitude = 24.7136 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.StartsWith("location.", JsonDocument.Parse(await half.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject().Single().Name, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_national_administrator_creates_a_key_sees_it_once_and_revokes_it_and_nobody_else_may()
    {
        fixture.Require();
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");
        var (_, page) = await admin.GetAsync("/staff/admin/api-clients");
        var created = await admin.SubmitAsync(page, "/staff/admin/api-clients", new Dictionary<string, string> { ["Name"] = "تطبيق الوزارة للجوال" }, formSelector: "#api-client-form");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var shown = await WebSession.ParseAsync(created);
        var key = shown.QuerySelector("#new-key")!.TextContent;
        Assert.Matches("^wsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        using (var api = Client(key))
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/categories")).StatusCode);

        // Shown once: the list afterwards holds the public id only.
        var (_, list) = await admin.GetAsync("/staff/admin/api-clients");
        Assert.Null(list.QuerySelector("#new-key"));
        Assert.DoesNotContain(key, list.Body!.InnerHtml, StringComparison.Ordinal);
        var row = list.QuerySelector($"#api-clients tr[data-key-id='{key.Split('_')[1]}']")!;
        var revoked = await admin.SubmitAsync(list, "/staff/admin/api-clients", new Dictionary<string, string>(), formSelector: $"#api-clients tr[data-key-id='{key.Split('_')[1]}'] form");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.NotNull(row);
        using (var api = Client(key))
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/categories")).StatusCode);

        // Coordinators and an administrator of one subtree: the page does not exist for them.
        var coordinator = WebSession.Start(fixture.App);
        await coordinator.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/staff/admin/api-clients")).Response.StatusCode);
        var subtree = await StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-api-admin", "MKK", "+966500000780");
        Assert.Equal(HttpStatusCode.NotFound, (await subtree.GetAsync("/staff/admin/api-clients")).Response.StatusCode);
        var (_, own) = await subtree.GetAsync("/staff/admin/categories");
        var forged = await subtree.SubmitAsync(own, "/staff/admin/categories", new Dictionary<string, string> { ["Name"] = "مفتاح مزور" }, formSelector: "#category-form", action: "/staff/admin/api-clients");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [SkippableFact]
    public async Task Categories_are_listed_for_building_a_form()
    {
        fixture.Require();
        using var api = Client(await NewKeyAsync("forms"));
        var reports = JsonDocument.Parse(await api.GetStringAsync("/api/v1/categories?type=report")).RootElement;
        Assert.True(reports.GetArrayLength() >= 8);
        Assert.All(reports.EnumerateArray(), c => Assert.Equal("Report", c.GetProperty("type").GetString()));
        Assert.Contains(reports.EnumerateArray(), c => c.GetProperty("code").GetString() == "fire");
    }
    [SkippableFact]
    public async Task Type_takes_exactly_one_known_name_never_a_number_or_a_list()
    {
        fixture.Require();
        using var api = Client(await NewKeyAsync("strict-type"), "en");
        var before = await CountAsync();
        foreach (var type in new[] { "1", "99", "Complaint,Report", " 2", "-1" })
        {
            var rejected = await api.PostAsJsonAsync("/api/v1/requests", Body(type: type));
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            var errors = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.Equal("type takes exactly one of: Inquiry, Complaint, Suggestion, Report.", errors.GetProperty("type")[0].GetString());
        }
        var role = await api.PostAsJsonAsync("/api/v1/requests", new
        {
            type = "Complaint",
            subject = "تأخر صرف المكافأة",
            description = "لم تصرف مكافأة الطالب منذ ثلاثة أشهر رغم المراجعة.",
            requester = new { name = "مستفيد عبر التطبيق", mobile = "0551234567", role = "0" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        Assert.True(JsonDocument.Parse(await role.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("requester.role", out _));
        Assert.Equal(before, await CountAsync());

        foreach (var type in new[] { "1", "Report,Complaint", "99" })
        {
            var categories = await api.GetAsync("/api/v1/categories?type=" + Uri.EscapeDataString(type));
            Assert.Equal(HttpStatusCode.BadRequest, categories.StatusCode);
            Assert.True(JsonDocument.Parse(await categories.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("type", out _));
        }
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/categories?type=Report")).StatusCode);
    }

    [SkippableFact]
    public async Task Unauthorized_and_unreadable_json_answer_in_the_accept_language_asked()
    {
        fixture.Require();
        using var french = Client(null, "fr");
        var unauthorized = await french.GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Une clé d’API valide est requise dans l’en-tête Authorization: Bearer wsk_…",
            JsonDocument.Parse(await unauthorized.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        using var persian = Client("not-a-key", "fa");
        Assert.Equal("یک کلید API معتبر در سرآیند Authorization: Bearer wsk_… لازم است.",
            JsonDocument.Parse(await (await persian.GetAsync("/api/v1/categories")).Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());

        var key = await NewKeyAsync("broken-json");
        using var english = Client(key, "en");
        var broken = await english.PostAsync("/api/v1/requests", new StringContent("{\"type\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("The request could not be read: the body must be valid JSON of the shape documented at /openapi/v1.json.",
            JsonDocument.Parse(await broken.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        using var arabic = Client(key);
        var arabicBroken = await arabic.PostAsync("/api/v1/requests", new StringContent("{\"type\": ", Encoding.UTF8, "application/json"));
        Assert.Equal("تعذرت قراءة الطلب: تأكد أن المحتوى JSON صحيح بالشكل الموثق في /openapi/v1.json.",
            JsonDocument.Parse(await arabicBroken.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        // A nullable object is written as oneOf/anyOf [null, the object].
        foreach (var either in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(either, out var options))
                return Resolve(root, options.EnumerateArray().Single(o => o.TryGetProperty("$ref", out _)));
        return schema;
    }

    private static string[] Statuses(JsonElement operation) => [.. operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)];

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [SkippableFact]
    public async Task The_openapi_document_declares_the_key_the_required_fields_the_enums_and_every_status()
    {
        fixture.Require();
        using var anonymous = Client(null);
        var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var bearer = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));

        var paths = doc.GetProperty("paths");
        var submit = paths.GetProperty("/api/v1/requests").GetProperty("post");
        var get = paths.GetProperty("/api/v1/requests/{number}").GetProperty("get");
        var categories = paths.GetProperty("/api/v1/categories").GetProperty("get");
        foreach (var operation in new[] { submit, get, categories })
            Assert.True(operation.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.False(paths.GetProperty("/api/v1/languages").GetProperty("get").TryGetProperty("security", out _));
        Assert.Equal(["201", "400", "401", "413", "415", "429"], Statuses(submit));
        Assert.Equal(["200", "401", "404", "429"], Statuses(get));
        Assert.Equal(["200", "400", "401", "429"], Statuses(categories));

        var body = Resolve(doc, submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["description", "requester", "subject", "type"], Strings(body.GetProperty("required")).Order(StringComparer.Ordinal));
        Assert.Equal(["Inquiry", "Complaint", "Suggestion", "Report"], Strings(body.GetProperty("properties").GetProperty("type").GetProperty("enum")));
        var requester = Resolve(doc, body.GetProperty("properties").GetProperty("requester"));
        Assert.Equal(["mobile", "name"], Strings(requester.GetProperty("required")).Order(StringComparer.Ordinal));
        Assert.Equal(["Parent", "Student", "Teacher", "Citizen", "Other"], Strings(requester.GetProperty("properties").GetProperty("role").GetProperty("enum")));

        var open311Submit = paths.GetProperty("/open311/v2/requests.{format}").GetProperty("post");
        Assert.Equal(["200", "400", "403", "404", "413", "415", "429", "500"], Statuses(open311Submit));
        var form = open311Submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
        Assert.Equal(["api_key", "phone", "service_code"], Strings(form.GetProperty("required")).Order(StringComparer.Ordinal));
        Assert.Equal(2048, form.GetProperty("properties").GetProperty("media_url").GetProperty("maxLength").GetInt32());
        Assert.Contains(open311Submit.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "format"
            && Strings(p.GetProperty("schema").GetProperty("enum")).SequenceEqual(["xml", "json"]));
        var error = open311Submit.GetProperty("responses").GetProperty("415").GetProperty("content");
        Assert.True(error.TryGetProperty("text/xml", out _));
        Assert.Equal("array", error.GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(["200", "400", "403", "404", "429", "500"], Statuses(paths.GetProperty("/open311/v2/requests.{format}").GetProperty("get")));
        Assert.Equal(["200", "403", "404", "429", "500"], Statuses(paths.GetProperty("/open311/v2/requests/{id}.{format}").GetProperty("get")));
        Assert.Equal(["200", "404", "429", "500"], Statuses(paths.GetProperty("/open311/v2/services.{format}").GetProperty("get")));
        Assert.Contains(paths.GetProperty("/open311/v2/requests/{id}.{format}").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "api_key" && p.GetProperty("required").GetBoolean());
    }
}

public sealed class RequestsApiTestsOnSqlite(SqliteAppFixture f) : RequestsApiTests(f), IClassFixture<SqliteAppFixture>;

public sealed class RequestsApiTestsOnPostgres(PostgresAppFixture f) : RequestsApiTests(f), IClassFixture<PostgresAppFixture>;
