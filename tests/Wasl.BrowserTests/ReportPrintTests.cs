using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.References;

namespace Wasl.Tests;

/// <summary>
/// The printed report (issue 5, part 3) as Chromium prints it: A4, right to left, Arabic that a PDF reader extracts in
/// logical order with its glyphs, and the table's header row on every page. Needs poppler-utils (pdftotext, pdffonts,
/// pdfinfo): a local run without it skips; under CI=true it fails.
/// </summary>
public sealed class ReportPrintTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Short enough to stay on one line of its column: pdftotext -layout keeps columns side by side, so a wrapped cell
    // comes out interleaved with its neighbours.
    private const string Subject = "تأخر الحافلة";
    private const string SchoolName = "مدرسة الرياض الابتدائية الأولى";

    private static string? PopplerMissing() =>
        File.Exists("/usr/bin/pdftotext") && File.Exists("/usr/bin/pdffonts") && File.Exists("/usr/bin/pdfinfo")
            ? null
            : "poppler-utils is not installed (apt-get install poppler-utils): the PDF test is skipped. Under CI=true it fails instead.";

    private async Task<List<string>> AddRequestsAsync(int count)
    {
        using var scope = fixture.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var unitId = await db.Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var at = new DateTimeOffset(2034, 2, 10, 8, 0, 0, TimeSpan.FromHours(3)).AddMinutes(i).ToUniversalTime();
            var request = new Request
            {
                Number = ReferenceNumber.New("WSL", 2034).ToString(),
                Type = RequestType.Complaint,
                Subject = i == 0 ? Subject : "شكوى رقم " + i.ToString(CultureInfo.InvariantCulture),
                Description = "وصف",
                Status = RequestStatus.New,
                UnitId = unitId,
                RequesterName = "فهد بن عبد الرحمن الزهراني",
                RequesterRole = RequesterRole.Parent,
                CreatedAt = at,
                UpdatedAt = at,
            };
            db.Add(request);
            numbers.Add(request.Number);
        }
        await db.SaveChangesAsync();
        return numbers;
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }

    [SkippableFact]
    public async Task The_print_view_prints_as_an_a4_pdf_whose_arabic_reads_in_logical_order_with_the_header_on_every_page()
    {
        fixture.Require();
        var missing = PopplerMissing();
        Skip.If(missing is not null && !TestDatabases.IsCi, missing);
        Assert.True(missing is null, missing);

        var numbers = await AddRequestsAsync(70);
        var page = await fixture.NewPageAsync();
        await PageSteps.SignInStaffAsync(page, "coordinator", DemoData.Password);
        await page.GotoAsync("/staff/reports?month=2034-02");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        await page.ClickAsync("#print-link");
        await page.WaitForURLAsync("**/staff/reports/print?month=2034-02");
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("منسق إدارة تعليم الرياض", (await page.TextContentAsync("#print-by"))!.Trim());
        await fixture.ScreenshotAsync(page, "report-print-ar");

        var pdf = Path.Combine(BrowserFixture.Screenshots, "report-print-ar.pdf");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PreferCSSPageSize = true, PrintBackground = true });

        var info = await RunAsync("pdfinfo", pdf);
        Assert.Matches(@"Page size:\s+84\d(\.\d+)? x 59\d(\.\d+)? pts \(A4\)", info);
        var fonts = await RunAsync("pdffonts", pdf);
        Assert.Matches("(Noto(Naskh|Sans)Arabic|Amiri)", fonts.Replace(" ", "", StringComparison.Ordinal));

        // pdftotext writes the text as a reader extracts it, in logical order, marking each run's direction with
        // embedding controls (dropped here); Arabic presentation forms, if any, fold back to letters under NFKC.
        var raw = await RunAsync("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");
        var text = new string([.. raw.Normalize(NormalizationForm.FormKC).Where(ch => ch is not ((>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F'))]);
        Assert.Contains(Subject, text, StringComparison.Ordinal);
        Assert.Contains(SchoolName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string(Subject.Reverse().ToArray()), text, StringComparison.Ordinal);
        Assert.Contains(numbers[0], text, StringComparison.Ordinal);
        Assert.Contains(numbers[^1], text, StringComparison.Ordinal);
        var pages = text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToList();
        Assert.True(pages.Count >= 2, $"70 rows should take more than one A4 page, got {pages.Count}");
        Assert.All(pages, p => Assert.Contains("اسم مقدم الطلب", p, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_reports_page_has_no_serious_or_critical_accessibility_violations()
    {
        fixture.Require();
        await AddRequestsAsync(3);
        var page = await fixture.NewPageAsync();
        await PageSteps.SignInStaffAsync(page, "coordinator", DemoData.Password);
        foreach (var path in new[] { "/staff/reports?month=2034-02", "/staff/reports?from=2034-02-20&to=2034-02-01", "/staff/reports/print?month=2034-02" })
        {
            await page.GotoAsync(path);
            var serious = (await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page)).Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}")
                .ToList();
            Assert.True(serious.Count == 0, path + Environment.NewLine + string.Join(Environment.NewLine, serious));
        }
        await fixture.ScreenshotAsync(page, "report-print-axe");
    }
}
