using System.Net;
using System.Text.Json;

namespace Wasl.Tests;

/// <summary>The Arabic-first shell, preferences, errors and machine endpoints.</summary>
public abstract class ShellTests(AppFixture fixture)
{
    [SkippableFact]
    public async Task Home_page_is_arabic_right_to_left_by_default_whatever_the_browser_asks()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        s.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var (response, doc) = await s.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ar", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", doc.DocumentElement.GetAttribute("dir"));
        Assert.Contains("صوتك يصل إلى الوزارة", doc.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Switching_to_english_flips_the_page_and_is_remembered()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var switched = await s.SubmitAsync("/account/register", new Dictionary<string, string> { ["language"] = "en" }, formSelector: "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/account/register", switched.Headers.Location!.OriginalString);
        var (_, doc) = await s.GetAsync("/");
        Assert.Equal("en", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", doc.DocumentElement.GetAttribute("dir"));
        Assert.Contains("Your voice reaches the Ministry", doc.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var (_, persian) = await s.GetAsync("/");
        Assert.Equal("en", persian.DocumentElement.GetAttribute("lang"));
        await s.SubmitAsync("/", new Dictionary<string, string> { ["language"] = "fa" }, formSelector: "form.language-switch");
        var (_, fa) = await s.GetAsync("/");
        Assert.Equal("fa", fa.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", fa.DocumentElement.GetAttribute("dir"));
    }

    [SkippableFact]
    public async Task Language_switch_refuses_an_outside_return_address()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/", new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "https://evil.example/phish" }, formSelector: "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task Dates_show_in_hijri_when_the_reader_chooses_it()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var (_, before) = await s.GetAsync("/preferences");
        Assert.Contains("م", before.QuerySelector("#today")!.TextContent, StringComparison.Ordinal);
        var saved = await s.SubmitAsync(before, "/preferences", new Dictionary<string, string> { ["Language"] = "ar", ["Calendar"] = "UmAlQura" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await s.GetAsync("/preferences");
        var today = after.QuerySelector("#today")!;
        Assert.EndsWith("هـ", today.TextContent.Trim(), StringComparison.Ordinal);
        var year = int.Parse(today.QuerySelector("bdi")!.TextContent.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(year, 1440, 1500);
        // The machine-readable value stays Gregorian ISO.
        Assert.StartsWith("20", today.GetAttribute("datetime"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Errors_are_localized_and_never_show_a_stack_trace()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var (missing, notFound) = await s.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("الصفحة غير موجودة", notFound.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        var failure = await s.Client.GetAsync("/__test/throw");
        var body = await failure.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Contains("عذرًا، حدث خطأ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-INTERNAL-DETAIL", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Wasl.Internal", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Pages_carry_security_headers_and_are_never_cached()
    {
        fixture.Require();
        var response = await WebSession.Start(fixture.App).Client.GetAsync("/account/sign-in");
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task Posting_without_the_antiforgery_token_is_refused()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var response = await s.Client.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Login"] = "coordinator",
            ["Input.Password"] = Wasl.Web.Platform.Demo.DemoData.Password,
            ["altcha"] = await s.SolveChallengeAsync(),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [SkippableFact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        fixture.Require();
        var client = WebSession.Start(fixture.App).Client;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task OpenApi_describes_the_machine_endpoints()
    {
        fixture.Require();
        var json = await WebSession.Start(fixture.App).Client.GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(json);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/altcha/challenge", out _));
        Assert.True(paths.TryGetProperty("/api/v1/languages", out _));
        Assert.False(paths.TryGetProperty("/health/ready", out _));
    }
}

public sealed class ShellTestsOnSqlite(SqliteAppFixture f) : ShellTests(f), IClassFixture<SqliteAppFixture>;

public sealed class ShellTestsOnPostgres(PostgresAppFixture f) : ShellTests(f), IClassFixture<PostgresAppFixture>;
