using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;

namespace Wasl.Tests;

/// <summary>Beneficiary registration with national ID and mobile confirmation, and password reset by code.</summary>
public abstract class AccountTests(AppFixture fixture)
{
    private static Dictionary<string, string> Registration(string nationalId, string mobile, string name = "سارة أحمد") => new()
    {
        ["Input.FullName"] = name,
        ["Input.NationalId"] = nationalId,
        ["Input.Mobile"] = mobile,
        ["Input.Email"] = "",
        ["Input.Password"] = "my long pass phrase",
        ["Input.ConfirmPassword"] = "my long pass phrase",
    };

    [SkippableFact]
    public async Task An_invalid_national_id_is_refused_in_arabic_and_the_form_keeps_what_was_typed()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        // 1234567890 fails the Saudi check digit.
        var response = await s.SubmitAsync("/account/register", Registration("1234567890", "0551234567", "نورة"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await WebSession.ParseAsync(response);
        Assert.Contains("أدخل رقم هوية وطنية صحيحًا", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("نورة", ((AngleSharp.Html.Dom.IHtmlInputElement)doc.QuerySelector("#Input_FullName")!).Value);
        Assert.Equal("0551234567", ((AngleSharp.Html.Dom.IHtmlInputElement)doc.QuerySelector("#Input_Mobile")!).Value);
        using var scope = fixture.App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Users.AnyAsync(u => u.FullName == "نورة"));
    }

    [SkippableFact]
    public async Task A_beneficiary_registers_confirms_the_mobile_and_is_signed_in()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        // Typed with Arabic-Indic digits and spaces; stored in ASCII international form.
        var response = await s.SubmitAsync("/account/register", Registration("١٠٠٠٠٠٠٠١٦", "٠٥٥ ١٢٣ ٤٥٦٧"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/confirm-mobile", response.Headers.Location!.OriginalString);

        // Before confirmation the account cannot sign in: it is sent back to confirm.
        var early = await WebSession.Start(fixture.App).SignInAsync("1000000016", "my long pass phrase", staff: false);
        Assert.StartsWith("/account/confirm-mobile", early.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var (probe, probeDoc) = await s.GetAsync("/account/confirm-mobile");
        Assert.True(probe.StatusCode == HttpStatusCode.OK, $"{probe.StatusCode} {probe.Headers.Location} {string.Join(";", response.Headers.GetValues("Set-Cookie"))}");
        var wrong = await s.SubmitAsync(probeDoc, "/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var code = fixture.App.Codes.Last(CodePurpose.ConfirmMobile, "+966551234567");
        var confirmed = await s.SubmitAsync("/account/confirm-mobile", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/account", confirmed.Headers.Location!.OriginalString);
        var (home, doc) = await s.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("1000000016", doc.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);

        // The same national ID cannot register twice; the visitor is not told it is taken (issue 11), no account is made.
        var again = await WebSession.Start(fixture.App).SubmitAsync("/account/register", Registration("1000000016", "0551234568"));
        Assert.Equal("/account/confirm-mobile", again.Headers.Location!.OriginalString);
        using (var scope = fixture.App.Services.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Users.AnyAsync(u => u.PhoneNumber == "+966551234568"));

        // And the new account signs in with its mobile number.
        var byMobile = await WebSession.Start(fixture.App).SignInAsync("0551234567", "my long pass phrase", staff: false);
        Assert.Equal("/account", byMobile.Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task Password_reset_by_code_sent_to_the_mobile()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        var sent = await s.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = "1000000008" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // An unknown account gets the very same answer.
        var unknown = await WebSession.Start(fixture.App).SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Login"] = "1999999999" });
        Assert.Equal(sent.Headers.Location, unknown.Headers.Location);

        var code = fixture.App.Codes.Last(CodePurpose.ResetPassword, "+966500000099");
        var fields = new Dictionary<string, string>
        {
            ["Input.Login"] = "1000000008",
            ["Input.Code"] = "123456",
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        };
        var wrong = await s.SubmitAsync("/account/reset-password", fields);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        fields["Input.Code"] = code;
        var done = await s.SubmitAsync("/account/reset-password", fields);
        Assert.Equal("/account/sign-in", done.Headers.Location!.OriginalString);
        Assert.Equal("/account", (await WebSession.Start(fixture.App).SignInAsync("1000000008", "a brand new passphrase", staff: false)).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await WebSession.Start(fixture.App).SignInAsync("1000000008", DemoData.Password, staff: false)).StatusCode);
    }
}

public sealed class AccountTestsOnSqlite(SqliteAppFixture f) : AccountTests(f), IClassFixture<SqliteAppFixture>;

public sealed class AccountTestsOnPostgres(PostgresAppFixture f) : AccountTests(f), IClassFixture<PostgresAppFixture>;
