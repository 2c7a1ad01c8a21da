using Microsoft.Playwright;

namespace Wasl.Tests;

/// <summary>A guest's journey in Arabic: from the home page to a receipt, then following the request (issue 3, first slice).</summary>
public sealed class RequestJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task A_guest_sends_a_complaint_from_the_home_page_and_follows_it()
    {
        fixture.Require();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("[data-service=complaint] a");
        await page.WaitForURLAsync("**/requests/new?type=Complaint");
        Assert.True(await page.IsCheckedAsync("#type-Complaint"));
        await page.SelectOptionAsync("#Input_CategoryId", new SelectOptionValue { Label = "النقل المدرسي" });
        await page.FillAsync("#Input_Subject", "تأخر الحافلة المدرسية");
        await page.FillAsync("#Input_Description", "الحافلة تتأخر كل صباح منذ أسبوعين عن موعدها.");
        await page.FillAsync("#Input_Name", "أم سارة");
        await page.FillAsync("#Input_Mobile", "٠٥٥٩٨٧٦٥٤٣");
        await PageSteps.WaitForChallengeAsync(page);
        await PageSteps.SubmitAsync(page, "main form button[type=submit]");
        await page.WaitForURLAsync("**/requests/submitted");
        var number = (await page.TextContentAsync("#request-number"))!;
        var secret = (await page.TextContentAsync("#request-secret"))!;
        Assert.StartsWith("WSL-", number, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "request-receipt-ar");
        // The receipt prints on one A4 page, right to left.
        var pdf = Path.Combine(BrowserFixture.Screenshots, "request-receipt-ar.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4), StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]"));

        await page.GotoAsync("/requests/track");
        await page.FillAsync("#Number", number);
        await page.FillAsync("#Secret", secret);
        await PageSteps.SubmitAsync(page, "main form button[type=submit]");
        Assert.Equal("جديد", await page.TextContentAsync("#status"));
        await fixture.ScreenshotAsync(page, "request-tracked-ar");
    }
}
