using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Tests;

/// <summary>
/// Safe to open to the public (issue 11): abuse limits charged to the right party, forwarded headers only from
/// configured proxies, the anonymous daily budget, and the transport rules (HSTS, Secure cookies, links, logs).
/// </summary>
public abstract class PublicEdgeTests(DatabaseProvider provider)
{
    private void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    private async Task<WaslAppFactory> AppAsync(string name, Dictionary<string, string?> settings, string environment = "Development") =>
        new(provider, await TestDatabases.CreateAsync(provider, name), environment, settings);

    /// <summary>The test server has no peer address; a real node always has one. This one plays 127.0.0.1 (a local proxy).</summary>
    private static WebApplicationFactory<Program> FromLoopback(WaslAppFactory app, Action<IWebHostBuilder>? more = null) =>
        app.WithWebHostBuilder(b =>
        {
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Loopback)));
            more?.Invoke(b);
        });

    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext ctx, RequestDelegate n) =>
            {
                ctx.Connection.RemoteIpAddress = address;
                return n(ctx);
            });
            next(app);
        };
    }

    private static async Task<(string Key, string KeyId)> KeyAsync(WebApplicationFactory<Program> app, string name)
    {
        using var scope = app.Services.CreateScope();
        var key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync(name, CancellationToken.None)).Key;
        return (key, key[4..16]);
    }

    private static HttpRequestMessage Get(string url, string? authorization = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (forwardedFor is not null) request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static void AssertRateLimitHeaders(HttpResponseMessage response, int limit)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retry = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without Retry-After");
        Assert.InRange(retry.TotalSeconds, 1, 60);
        Assert.Equal(limit.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.InRange(int.Parse(response.Headers.GetValues("RateLimit-Reset").Single(), CultureInfo.InvariantCulture), 1, 60);
    }

    [SkippableFact]
    public async Task The_api_budget_is_charged_to_the_authenticated_client_never_to_a_forged_key_naming_it()
    {
        Require();
        await using var app = await AppAsync("api-limits", new() { ["RateLimits:Api:PermitLimit"] = "3", ["RateLimits:Api:WindowSeconds"] = "60", ["RateLimits:Auth:PermitLimit"] = "1" }, "Production");
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var (key, _) = await KeyAsync(app, "limits-one");

        // "bearer" in any case is the same scheme, and the same client's budget.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get("/api/v1/categories?type=Report", "Bearer " + key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get("/api/v1/categories?type=Report", "bearer " + key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get("/api/v1/categories?type=Report", "BEARER " + key))).StatusCode);
        AssertRateLimitHeaders(await http.SendAsync(Get("/api/v1/categories?type=Report", "bearer " + key)), 3);

        // Someone who knows another key's public id (it shows in the admin list) forges keys with it: refused, and
        // charged to their address; the genuine key keeps its whole budget.
        var (victim, victimId) = await KeyAsync(app, "limits-two");
        var forged = "Bearer wsk_" + victimId + "_" + new string('A', 43);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get("/api/v1/categories?type=Report", forged))).StatusCode);
        AssertRateLimitHeaders(await http.SendAsync(Get("/api/v1/categories?type=Report", forged)), 3);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get("/api/v1/categories?type=Report", "Bearer " + victim))).StatusCode);

        // The sign-in pages' 429 (a localized page) carries the same headers.
        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());
        _ = await http.PostAsync("/staff/sign-in", empty);
        var page = await http.PostAsync("/staff/sign-in", empty);
        AssertRateLimitHeaders(page, 1);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }

    [SkippableFact]
    public async Task Open311_is_limited_per_key_and_answers_429_with_an_open311_errors_document()
    {
        Require();
        await using var app = await AppAsync("open311-limits", new() { ["RateLimits:Api:PermitLimit"] = "2" }, "Production");
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var (first, _) = await KeyAsync(app, "open311-one");
        var (second, _) = await KeyAsync(app, "open311-two");
        string List(string key, string format) => $"/open311/v2/requests.{format}?api_key={Uri.EscapeDataString(key)}";

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(List(first, "xml"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(List(first, "json"))).StatusCode);
        var xml = await http.GetAsync(List(first, "xml"));
        AssertRateLimitHeaders(xml, 2);
        Assert.Equal("text/xml", xml.Content.Headers.ContentType!.MediaType);
        var error = XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        Assert.Equal("429", error.Element("error")!.Element("code")!.Value);
        Assert.NotEmpty(error.Element("error")!.Element("description")!.Value);
        var json = await http.GetAsync(List(first, "json"));
        AssertRateLimitHeaders(json, 2);
        Assert.Equal("429", JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement[0].GetProperty("code").GetString());

        // Another key has its own budget, also when it posts its key in the form.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(List(second, "json"))).StatusCode);
        var post = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string> { ["api_key"] = second }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // no service_code: refused by Open311, not by the limiter
        AssertRateLimitHeaders(await http.GetAsync(List(second, "json")), 2);
    }

    [SkippableFact]
    public async Task A_rotating_forwarded_for_from_an_unconfigured_proxy_does_not_escape_the_address_limit_in_production()
    {
        Require();
        await using var app = await AppAsync("forwarded", new() { ["RateLimits:Api:PermitLimit"] = "2" }, "Production");
        await using var node = FromLoopback(app);
        using var http = node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        // Calls without a key are charged per address; loopback is not a trusted proxy unless configured.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.2"))).StatusCode);
        AssertRateLimitHeaders(await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.3")), 2);
    }

    [SkippableFact]
    public async Task A_configured_proxy_is_trusted_so_each_client_behind_it_has_its_own_address_budget()
    {
        Require();
        await using var app = await AppAsync("proxy", new() { ["RateLimits:Api:PermitLimit"] = "1", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, "Production");
        await using var node = FromLoopback(app);
        using var http = node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.2"))).StatusCode);
        AssertRateLimitHeaders(await http.SendAsync(Get("/api/v1/categories", forwardedFor: "203.0.113.2")), 1);
    }

    private static Dictionary<string, string> Guest(int unitId, string subject, string mobile) => new()
    {
        ["Input.Type"] = "Inquiry",
        ["Input.UnitId"] = unitId.ToString(CultureInfo.InvariantCulture),
        ["Input.Subject"] = subject,
        ["Input.Description"] = "أرغب في معرفة مواعيد التسجيل للعام القادم.",
        ["Input.Role"] = "Parent",
        ["Input.Name"] = "ضيف",
        ["Input.Mobile"] = mobile,
    };

    [SkippableFact]
    public async Task Anonymous_submissions_have_a_daily_budget_per_mobile_and_per_address()
    {
        Require();
        await using var app = await AppAsync("budget", new() { ["SubmissionBudget:PerMobilePerDay"] = "2", ["SubmissionBudget:PerAddressPerDay"] = "3" });
        await using var node = FromLoopback(app);
        int unit;
        using (var scope = node.Services.CreateScope())
            unit = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        var s = WebSession.Start(node);

        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/requests/new", Guest(unit, "سؤال أول عن التسجيل", "0541112233"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/requests/new", Guest(unit, "سؤال ثان عن التسجيل", "0541112233"))).StatusCode);
        // The third of the day with the same mobile comes back with the reason, and with what was typed.
        var third = await s.SubmitAsync("/requests/new", Guest(unit, "سؤال ثالث عن التسجيل", "0541112233"));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var page = await WebSession.ParseAsync(third);
        Assert.Contains("الحد المسموح", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("سؤال ثالث عن التسجيل", ((IHtmlInputElement)page.QuerySelector("input[name='Input.Subject']")!).Value);
        // Another mobile from the same address: the address's budget (3 a day) is spent as well.
        var fourth = await s.SubmitAsync("/requests/new", Guest(unit, "سؤال رابع عن التسجيل", "0549998877"));
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Contains("الحد المسموح", (await WebSession.ParseAsync(fourth)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        using var check = node.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<WaslDbContext>();
        Assert.Equal(2, await db.Set<Wasl.Web.Modules.Requests.Domain.Request>().CountAsync(r => r.Subject.StartsWith("سؤال")));
        // Neither an address nor a number is kept: the keys are keyed hashes.
        var keys = await db.SubmissionCounts.Select(c => c.Key).ToListAsync();
        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));

        // A signed-in beneficiary has an account to answer for, and no such budget.
        var beneficiary = WebSession.Start(node);
        Assert.Equal(HttpStatusCode.Redirect, (await beneficiary.SignInAsync("1000000008", DemoData.Password, staff: false)).StatusCode);
        var signedIn = await beneficiary.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.UnitId"] = unit.ToString(CultureInfo.InvariantCulture),
            ["Input.Subject"] = "سؤال من حساب مسجل",
            ["Input.Description"] = "أرغب في معرفة مواعيد التسجيل للعام القادم.",
            ["Input.Role"] = "Parent",
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [SkippableFact]
    public async Task Production_sends_hsts_and_marks_every_cookie_secure_whatever_the_scheme_seen()
    {
        Require();
        await using var app = await AppAsync("transport", new() { ["Security:RequireHttpsCookies"] = "true", ["AllowedHosts"] = "wasl.example" }, "Production");
        using var https = app.CreateClient(new() { BaseAddress = new Uri("https://wasl.example"), AllowAutoRedirect = false, HandleCookies = false });
        var home = await https.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.StartsWith("max-age=31536000", home.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        // TLS ends at the proxy: this node sees plain HTTP, and every cookie is still Secure (the language cookie too).
        using var plain = app.CreateClient(new() { BaseAddress = new Uri("http://wasl.example"), AllowAutoRedirect = false, HandleCookies = false });
        var page = await plain.GetAsync("/account/sign-in");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("wasl.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = ((IHtmlInputElement)(await WebSession.ParseAsync(page)).QuerySelector("form.language-switch input[name=__wasl_af]")!).Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/preferences/language")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__wasl_af"] = token, ["language"] = "en" }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var switched = await plain.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var cookies = switched.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("wasl.lang=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task Links_are_built_on_the_public_url_never_on_a_forged_host_header()
    {
        Require();
        await using var app = await AppAsync("links", new() { ["AllowedHosts"] = "*", ["Deployment:PublicUrl"] = "https://wasl.example.gov/" }, "Production");
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open311/discovery.json");
        request.Headers.Host = "attacker.example";
        var discovery = JsonDocument.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://wasl.example.gov/open311/v2", discovery.GetProperty("endpoints")[0].GetProperty("url").GetString());
    }

    [SkippableFact]
    public async Task Production_refuses_to_start_with_neither_a_public_url_nor_allowed_hosts()
    {
        Require();
        await using var app = await AppAsync("no-hosts", new() { ["AllowedHosts"] = "*" }, "Production");
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("Deployment:PublicUrl", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_open311_api_key_is_never_written_to_the_log()
    {
        Require();
        var lines = new ConcurrentQueue<string>();
        await using var app = await AppAsync("log", new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        }, "Production");
        await using var node = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(new CapturingLogger(lines))));
        using var http = node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var (key, _) = await KeyAsync(node, "log-test");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/open311/v2/requests.json?api_key=" + Uri.EscapeDataString(key))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(new Dictionary<string, string> { ["api_key"] = key }))).StatusCode);
        Assert.NotEmpty(lines);
        var secret = key[17..];
        Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + exception);
        public void Dispose() { }
    }

    [SkippableFact]
    public async Task The_production_error_page_does_not_claim_that_nothing_was_lost()
    {
        Require();
        await using var app = await AppAsync("error-page", [], "Production");
        var (response, page) = await WebSession.Start(app).GetAsync("/__test/throw");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var lead = page.QuerySelector("p.lead")!.TextContent;
        Assert.DoesNotContain("لم يُفقد", lead, StringComparison.Ordinal);
        Assert.Contains("تحقق", lead, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task State_changing_forms_posted_without_the_antiforgery_token_are_refused()
    {
        Require();
        await using var app = await AppAsync("csrf", []);
        // Staff: a signed-in coordinator's language switch, with the session cookie but no form token.
        var staff = WebSession.Start(app);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        var switched = await staff.Client.PostAsync("/preferences/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "en" }));
        Assert.Equal(HttpStatusCode.BadRequest, switched.StatusCode);
        // Public: a guest's request with a solved bot challenge but no form token.
        var guest = WebSession.Start(app);
        _ = await guest.GetAsync("/requests/new");
        var fields = Guest(1, "طلب بلا رمز النموذج", "0541234500");
        fields["altcha"] = await guest.SolveChallengeAsync();
        var posted = await guest.Client.PostAsync("/requests/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Wasl.Web.Modules.Requests.Domain.Request>().AnyAsync(r => r.Subject == "طلب بلا رمز النموذج"));
    }
}

public sealed class PublicEdgeTestsOnSqlite() : PublicEdgeTests(DatabaseProvider.Sqlite);

public sealed class PublicEdgeTestsOnPostgres() : PublicEdgeTests(DatabaseProvider.PostgreSQL);
