using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Tests;

/// <summary>Open311 GeoReport v2 for reports (PRODUCT.md, research/open311-spec.md §11), with Wasl's privacy rule: reading needs a key too.</summary>
public abstract partial class Open311Tests(AppFixture fixture)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex W3c();

    private HttpClient Client() => fixture.App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<string> KeyAsync(string name)
    {
        using var scope = fixture.App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync(name, CancellationToken.None)).Key;
    }

    private async Task<int> FireAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Category>().Where(c => c.Code == "fire").Select(c => c.Id).SingleAsync();
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    [SkippableFact]
    public async Task Discovery_and_services_answer_in_xml_and_json()
    {
        fixture.Require();
        using var http = Client();
        var discovery = await http.GetAsync("/open311/discovery.xml");
        Assert.Equal("text/xml", discovery.Content.Headers.ContentType!.MediaType);
        var xml = await discovery.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("discovery", root.Name.LocalName);
        Assert.Equal("", root.Name.NamespaceName);
        Assert.NotEmpty(root.Element("contact")!.Value);
        Assert.NotEmpty(root.Element("key_service")!.Value);
        Assert.Equal(["text/xml", "application/json"], root.Element("endpoints")!.Element("endpoint")!.Element("formats")!.Elements("format").Select(f => f.Value));
        var json = JsonDocument.Parse(await http.GetStringAsync("/open311/discovery.json")).RootElement;
        Assert.Equal(root.Element("contact")!.Value, json.GetProperty("contact").GetString());

        var fire = await FireAsync();
        var servicesText = await http.GetStringAsync("/open311/v2/services.json");
        Assert.Contains("\"حريق\"", servicesText, StringComparison.Ordinal); // UTF-8 as it is, not \u escapes
        var services = JsonDocument.Parse(servicesText).RootElement;
        Assert.Equal(JsonValueKind.Array, services.ValueKind);
        var service = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == fire.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("حريق", service.GetProperty("service_name").GetString());
        Assert.False(service.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", service.GetProperty("type").GetString());
        var servicesXml = XDocument.Parse(await http.GetStringAsync("/open311/v2/services.xml")).Root!;
        Assert.Equal(services.GetArrayLength(), servicesXml.Elements("service").Count());

        var definition = XDocument.Parse(await http.GetStringAsync($"/open311/v2/services/{fire}.xml")).Root!;
        Assert.Equal(fire.ToString(System.Globalization.CultureInfo.InvariantCulture), definition.Element("service_code")!.Value);
        Assert.NotNull(definition.Element("attributes"));
        var unknown = await http.GetAsync("/open311/v2/services/999999.xml");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("errors", XDocument.Parse(await unknown.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/open311/v2/services.html")).StatusCode);
    }

    [SkippableFact]
    public async Task A_report_is_filed_routed_by_its_point_and_read_back_only_by_its_client()
    {
        fixture.Require();
        var key = await KeyAsync("open311-client");
        var fire = (await FireAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = Client();
        var posted = await http.PostAsync("/open311/v2/requests.json", Form(
            ("api_key", key), ("service_code", fire), ("lat", "24.7136"), ("long", "46.6753"),
            ("description", "دخان كثيف يخرج من مختبر المدرسة"), ("first_name", "سلمان"), ("last_name", "العتيبي"), ("phone", "0551231231")));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var created = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Array, created.ValueKind);
        var id = created[0].GetProperty("service_request_id").GetString()!;
        Assert.False(created[0].TryGetProperty("token", out _));
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var stored = await db.Set<Request>().SingleAsync(r => r.Number == id);
            Assert.Equal("RIY-S1", await db.Units.Where(u => u.Id == stored.UnitId).Select(u => u.Code).SingleAsync());
            Assert.Equal(("سلمان العتيبي", "+966551231231", IntakeChannel.Api), (stored.RequesterName, stored.RequesterMobile, stored.Channel));
        }

        var one = JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.json?api_key={Uri.EscapeDataString(key)}")).RootElement;
        Assert.Equal(1, one.GetArrayLength());
        Assert.Equal("open", one[0].GetProperty("status").GetString());
        Assert.Equal("دخان كثيف يخرج من مختبر المدرسة", one[0].GetProperty("description").GetString());
        Assert.Matches(W3c(), one[0].GetProperty("requested_datetime").GetString()!);
        Assert.Matches(W3c(), one[0].GetProperty("updated_datetime").GetString()!);
        var xml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.xml?api_key={Uri.EscapeDataString(key)}")).Root!;
        Assert.Equal(id, xml.Element("request")!.Element("service_request_id")!.Value);

        var listed = JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests.json?api_key={Uri.EscapeDataString(key)}&status=&service_code={fire}")).RootElement;
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var closedOnly = JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests.json?api_key={Uri.EscapeDataString(key)}&status=closed")).RootElement;
        Assert.DoesNotContain(closedOnly.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);

        // Another client, no key, and a number alone reveal nothing.
        var other = await KeyAsync("someone-else");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/open311/v2/requests/{id}.json?api_key={Uri.EscapeDataString(other)}")).StatusCode);
        Assert.DoesNotContain(id, await http.GetStringAsync($"/open311/v2/requests.json?api_key={Uri.EscapeDataString(other)}"), StringComparison.Ordinal);
        var anonymous = await http.GetAsync($"/open311/v2/requests/{id}.json");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("403", JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement[0].GetProperty("code").GetString());
    }

    [SkippableFact]
    public async Task Bad_posts_and_queries_get_the_spec_errors_and_write_nothing()
    {
        fixture.Require();
        var key = await KeyAsync("open311-errors");
        var fire = (await FireAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        long before;
        using (var scope = fixture.App.Services.CreateScope())
            before = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().LongCountAsync();
        using var http = Client();
        (string, string)[] good = [("service_code", fire), ("lat", "24.7"), ("long", "46.6"), ("description", "وصف البلاغ"), ("first_name", "مبلغ"), ("phone", "0551231232")];

        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/open311/v2/requests.xml", Form(good))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/open311/v2/requests.xml", Form([("api_key", key + "x"), .. good]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/open311/v2/requests.xml", Form([("api_key", key), .. good.Where(f => f.Item1 != "service_code")]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/open311/v2/requests.xml", Form([("api_key", key), ("service_code", "424242"), .. good.Skip(1)]))).StatusCode);
        var noPlace = await http.PostAsync("/open311/v2/requests.json", Form([("api_key", key), .. good.Where(f => f.Item1 is not ("lat" or "long"))]));
        Assert.Equal(HttpStatusCode.BadRequest, noPlace.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await noPlace.Content.ReadAsStringAsync()).RootElement.ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/open311/v2/requests.json", Form([("api_key", key), .. good.Where(f => f.Item1 != "long")]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/open311/v2/requests.json", Form([("api_key", key), .. good.Where(f => f.Item1 != "description"), ("description", new string('س', 4001))]))).StatusCode);

        using (var scope = fixture.App.Services.CreateScope())
            Assert.Equal(before, await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().LongCountAsync());

        // An address alone is a location.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/open311/v2/requests.json", Form([("api_key", key), ("address_string", "حي العليا، الرياض"), .. good.Where(f => f.Item1 is not ("lat" or "long"))]))).StatusCode);

        var k = Uri.EscapeDataString(key);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/open311/v2/requests.json?api_key={k}&start_date=2026-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/open311/v2/requests.json?api_key={k}&start_date=2026-01-01T00:00:00")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/open311/v2/requests.json?api_key={k}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/open311/v2/requests.json?api_key={k}&start_date=2026-10-01T00:00:00%2B03:00&end_date=")).StatusCode);
    }
    [SkippableFact]
    public async Task Description_and_names_are_optional_and_address_zipcode_and_media_come_back()
    {
        fixture.Require();
        var key = await KeyAsync("open311-optional");
        var fire = (await FireAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = Client();
        var posted = await http.PostAsync("/open311/v2/requests.json", Form(
            ("api_key", key), ("service_code", fire), ("address_string", "شارع التخصصي، حي العليا، الرياض"), ("address_id", "RUH-00421"),
            ("zipcode", "12211"), ("media_url", "https://photos.example.org/smoke.jpg"), ("phone", "0551231233")));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement[0].GetProperty("service_request_id").GetString()!;

        var k = Uri.EscapeDataString(key);
        var one = JsonDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.json?api_key={k}")).RootElement[0];
        // Without a description the report is described by its service.
        Assert.StartsWith("حريق", one.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("شارع التخصصي، حي العليا، الرياض", one.GetProperty("address").GetString());
        Assert.Equal("RUH-00421", one.GetProperty("address_id").GetString());
        Assert.Equal("12211", one.GetProperty("zipcode").GetString());
        Assert.Equal("https://photos.example.org/smoke.jpg", one.GetProperty("media_url").GetString());
        var xml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.xml?api_key={k}")).Root!.Element("request")!;
        Assert.Equal("https://photos.example.org/smoke.jpg", xml.Element("media_url")!.Value);
        Assert.Equal("RUH-00421", xml.Element("address_id")!.Value);
        using var scope = fixture.App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().SingleAsync(r => r.Number == id);
        Assert.Equal(("", "حريق"), (stored.RequesterName, stored.Subject));
        Assert.Equal(("12211", "https://photos.example.org/smoke.jpg"), (stored.Zipcode, stored.MediaUrl));
    }

    [SkippableFact]
    public async Task A_media_url_must_be_an_http_address_of_bounded_length()
    {
        fixture.Require();
        var key = await KeyAsync("open311-media");
        var fire = (await FireAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        long before;
        using (var scope = fixture.App.Services.CreateScope())
            before = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().LongCountAsync();
        using var http = Client();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        foreach (var bad in new[] { "javascript:alert(1)", "ftp://files.example.org/a.jpg", "/relative/a.jpg", "https://example.org/" + new string('a', 2040) })
        {
            var answer = await http.PostAsync("/open311/v2/requests.json", Form(
                ("api_key", key), ("service_code", fire), ("lat", "24.7"), ("long", "46.6"), ("phone", "0551231234"), ("media_url", bad)));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single();
            Assert.Equal("400", error.GetProperty("code").GetString());
            Assert.Contains("media_url", error.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        using (var scope = fixture.App.Services.CreateScope())
            Assert.Equal(before, await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().LongCountAsync());
    }

    private static async Task<(string Code, string Description)> Open311ErrorAsync(HttpResponseMessage answer, bool json)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        if (json)
        {
            Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
            var error = JsonDocument.Parse(text).RootElement.EnumerateArray().First();
            return (error.GetProperty("code").GetString()!, error.GetProperty("description").GetString()!);
        }
        Assert.Equal("text/xml", answer.Content.Headers.ContentType!.MediaType);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal("errors", root.Name.LocalName);
        return (root.Element("error")!.Element("code")!.Value, root.Element("error")!.Element("description")!.Value);
    }

    [SkippableFact]
    public async Task Every_error_under_open311_is_an_open311_document_in_the_format_and_language_asked()
    {
        fixture.Require();
        var key = await KeyAsync("open311-every-error");
        var fire = (await FireAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = Client();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var noRoute = await http.GetAsync("/open311/v2/nothing-here.json");
        Assert.Equal(HttpStatusCode.NotFound, noRoute.StatusCode);
        Assert.Equal("404", (await Open311ErrorAsync(noRoute, json: true)).Code);
        var badFormat = await http.GetAsync("/open311/v2/services.html");
        Assert.Equal(HttpStatusCode.NotFound, badFormat.StatusCode);
        Assert.Equal("There is no Open311 resource at this address; the formats are xml and json.", (await Open311ErrorAsync(badFormat, json: false)).Description);

        var asJson = await http.PostAsync("/open311/v2/requests.json", new StringContent($"{{\"api_key\":\"{key}\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asJson.StatusCode);
        Assert.Equal("415", (await Open311ErrorAsync(asJson, json: true)).Code);

        var huge = await http.PostAsync("/open311/v2/requests.xml", Form(("api_key", key), ("service_code", fire), ("phone", "0551231235"), ("description", new string('س', 70_000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("413", (await Open311ErrorAsync(huge, json: false)).Code);
        var many = await http.PostAsync("/open311/v2/requests.json", Form([("api_key", key), .. Enumerable.Range(0, 100).Select(i => ($"attribute[x{i}]", "1"))]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);
        Assert.Equal("413", (await Open311ErrorAsync(many, json: true)).Code);

        var wrongMethod = await http.DeleteAsync("/open311/v2/services.json");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("405", (await Open311ErrorAsync(wrongMethod, json: true)).Code);

        var fault = await http.GetAsync("/open311/__test/throw.xml");
        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        var (code, description) = await Open311ErrorAsync(fault, json: false);
        Assert.Equal("500", code);
        Assert.DoesNotContain("SECRET-INTERNAL-DETAIL", description, StringComparison.Ordinal);

        // The caller's Accept-Language chooses the description's language.
        using var french = Client();
        french.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        Assert.Equal("Aucune ressource Open311 à cette adresse ; les formats sont xml et json.", (await Open311ErrorAsync(await french.GetAsync("/open311/v2/nothing-here.json"), json: true)).Description);
    }
}

public sealed class Open311TestsOnSqlite(SqliteAppFixture f) : Open311Tests(f), IClassFixture<SqliteAppFixture>;

public sealed class Open311TestsOnPostgres(PostgresAppFixture f) : Open311Tests(f), IClassFixture<PostgresAppFixture>;
