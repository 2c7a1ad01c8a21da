using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.References;

namespace Wasl.Tests;

/// <summary>
/// Reports (issue 5, part 3): the page, the print view and the exports select exactly the filtered requests within
/// the reader's units, and the files read back (CSV per RFC 4180 with a BOM and a formula guard; XLSX) hold them intact.
/// </summary>
public abstract class ReportTests(AppFixture fixture)
{
    /// <summary>
    /// A request placed straight in the database at a local time of the deployment's zone (Riyadh unless WASL_TEST_ZONE
    /// says otherwise): reports read what exists, however it came.
    /// </summary>
    private async Task<string> AddAsync(string unitCode, RequestType type, string subject, DateTime localTime, string requester = "عبد العزيز بن محمد العنزي", RequestStatus status = RequestStatus.New)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var unitId = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
        var at = fixture.App.AtLocal(localTime);
        var request = new Request
        {
            Number = ReferenceNumber.New("WSL", localTime.Year).ToString(),
            Type = type,
            Subject = subject,
            Description = "وصف الطلب للتقرير.",
            SearchText = "",
            Status = status,
            Importance = Importance.Normal,
            Channel = IntakeChannel.Portal,
            UnitId = unitId,
            RequesterName = requester,
            RequesterRole = RequesterRole.Teacher,
            CreatedAt = at,
            UpdatedAt = at,
            Language = "ar",
        };
        db.Add(request);
        await db.SaveChangesAsync();
        return request.Number;
    }

    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<WebSession> StaffAsync(string userName)
    {
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync(userName, DemoData.Password);
        return s;
    }

    [SkippableFact]
    [Trait("Clock", "Zone")] // fixed dates: the deployment zone alone decides their days
    public async Task Csv_and_xlsx_exports_hold_exactly_the_filtered_requests_with_arabic_intact_and_formulas_neutralised()
    {
        fixture.Require();
        // March 2031 in the deployment's days: 1 March 02:00 local (28 February in UTC at Riyadh's +3) belongs to it,
        // and so does 23:59 on 31 March; 00:30 on 1 April (still 31 March in UTC) does not. A UTC day would get both wrong.
        var first = await AddAsync("RIY-S1", RequestType.Complaint, "شكوى تأخر النقل المدرسي", new DateTime(2031, 3, 1, 2, 0, 0));
        var formula = await AddAsync("RIY-S1", RequestType.Complaint, "=cmd|' /C calc'!A0", new DateTime(2031, 3, 10, 9, 0, 0));
        var quoted = await AddAsync("RIY-S2", RequestType.Complaint, "تقرير \"عاجل\"، الفصل الثاني, مبنى ب", new DateTime(2031, 3, 15, 12, 0, 0), requester: "-أنوار بنت محمد");
        var last = await AddAsync("RIY", RequestType.Complaint, "آخر دقيقة من الشهر", new DateTime(2031, 3, 31, 23, 59, 0));
        var nextMonth = await AddAsync("RIY-S1", RequestType.Complaint, "بعد نهاية الفترة", new DateTime(2031, 4, 1, 0, 30, 0));
        var inquiry = await AddAsync("RIY-S1", RequestType.Inquiry, "استفسار عن التسجيل", new DateTime(2031, 3, 12, 8, 0, 0));
        var makkah = await AddAsync("MKK-S1", RequestType.Complaint, "شكوى في مكة", new DateTime(2031, 3, 12, 8, 0, 0));
        string[] expected = [first, formula, quoted, last];

        var s = await StaffAsync("coordinator");
        const string filter = "from=2031-03-01&to=2031-03-31&type=Complaint";

        var csvResponse = await s.Client.GetAsync("/staff/reports/export.csv?" + filter);
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("attachment", csvResponse.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("wasl-report-2031-03-01-2031-03-31.csv", csvResponse.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        Assert.Contains("no-store", csvResponse.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", csvResponse.Headers.GetValues("X-Content-Type-Options").Single());
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        var csv = Csv.Parse(text);
        Assert.Equal("مسلسل", csv[0][0]);
        Assert.Equal("رقم الطلب", csv[0][1]);
        var data = csv.Skip(1).ToList();
        Assert.Equal(expected.Order(), data.Select(r => r[1]).Order());
        Assert.Equal(["1", "2", "3", "4"], data.Select(r => r[0]));
        Assert.All(data, r => Assert.Equal(csv[0].Count, r.Count));
        Assert.Equal("'=cmd|' /C calc'!A0", data.Single(r => r[1] == formula)[3]);
        Assert.Equal("تقرير \"عاجل\"، الفصل الثاني, مبنى ب", data.Single(r => r[1] == quoted)[3]);
        Assert.Equal("'-أنوار بنت محمد", data.Single(r => r[1] == quoted)[2]);
        var firstRow = data.Single(r => r[1] == first);
        Assert.Equal("شكوى تأخر النقل المدرسي", firstRow[3]);
        Assert.Equal("2031-03-01 02:00", firstRow[4]);
        Assert.Equal("شكوى", firstRow[5]);
        Assert.Equal("الإدارة العامة للتعليم بمنطقة الرياض", firstRow[7]);
        Assert.Equal("مدرسة الرياض الابتدائية الأولى", firstRow[8]);
        Assert.Equal("معلم", firstRow[9]);
        Assert.DoesNotContain(data, r => r[1] == nextMonth || r[1] == inquiry || r[1] == makkah);

        var xlsxResponse = await s.Client.GetAsync("/staff/reports/export.xlsx?" + filter);
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("wasl-report-2031-03-01-2031-03-31.xlsx", xlsxResponse.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains("no-store", xlsxResponse.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var xlsx = new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync());
        using (var document = SpreadsheetDocument.Open(xlsx, false))
        {
            var sheetPart = document.WorkbookPart!.WorksheetParts.Single();
            Assert.True(sheetPart.Worksheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.RightToLeft!.Value);
            var rows = sheetPart.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
            Assert.Equal(csv[0], rows[0]);
            var sheetData = rows.Skip(1).ToList();
            Assert.Equal(expected.Order(), sheetData.Select(r => r[1]).Order());
            // An inline string is never a formula: the cell keeps the text as typed, and no cell holds a formula.
            Assert.Equal("=cmd|' /C calc'!A0", sheetData.Single(r => r[1] == formula)[3]);
            Assert.Empty(sheetPart.Worksheet.Descendants<CellFormula>());
            Assert.Equal("شكوى تأخر النقل المدرسي", sheetData.Single(r => r[1] == first)[3]);
        }

        // The page shows the same rows, grouped by unit, each number linking to the request screen.
        var (pageResponse, page) = await s.GetAsync("/staff/reports?" + filter);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        var links = page.QuerySelectorAll("#report tbody a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(expected.Select(n => "/staff/requests/" + n).Order(), links.Order());
        Assert.Equal(3, page.QuerySelectorAll("#report tbody").Length);
        Assert.Contains("مدرسة الملك فهد المتوسطة", page.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/staff/reports/export.csv?" + filter, page.QuerySelector("#export-csv")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector($"#report bdi[dir=ltr]"));

        // A year, narrowed to one school.
        var yearCsv = Csv.Parse(Encoding.UTF8.GetString(await s.Client.GetByteArrayAsync("/staff/reports/export.csv?year=2031&type=Complaint&unitId=" + await UnitIdAsync("RIY-S1"))).TrimStart('\uFEFF'));
        Assert.Equal(new[] { first, formula, nextMonth }.Order(), yearCsv.Skip(1).Select(r => r[1]).Order());
    }

    /// <summary>A supervisor of one school (the demo has none), created once per application.</summary>
    private async Task<WebSession> SchoolSupervisorAsync()
    {
        const string userName = "supervisor-riy-s1";
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                var unit = await db.Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
                var user = new WaslUser { UserName = userName, FullName = "مشرفة مدرسة الرياض الأولى", PhoneNumber = "0500000151", Kind = AccountKind.Staff, HomeUnitId = unit, CreatedAt = fixture.App.Clock.GetUtcNow() };
                Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
                db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = StaffRole.Supervisor, UnitId = unit });
                await db.SaveChangesAsync();
            }
        }
        return await StaffAsync(userName);
    }

    [SkippableFact]
    public async Task Reports_are_for_staff_within_their_units_only()
    {
        fixture.Require();
        var mine = await AddAsync("RIY-S1", RequestType.Suggestion, "اقتراح مدرسة الرياض الأولى", new DateTime(2032, 5, 3, 10, 0, 0));
        var other = await AddAsync("RIY-S2", RequestType.Suggestion, "اقتراح مدرسة الملك فهد", new DateTime(2032, 5, 4, 10, 0, 0));
        const string period = "month=2032-05";

        foreach (var url in new[] { "/staff/reports?" + period, "/staff/reports/print?" + period, "/staff/reports/export.csv?" + period, "/staff/reports/export.xlsx?" + period })
        {
            var anonymous = await WebSession.Start(fixture.App).Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/staff/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var parent = WebSession.Start(fixture.App);
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        foreach (var url in new[] { "/staff/reports?" + period, "/staff/reports/export.csv?" + period, "/staff/reports/export.xlsx?" + period })
        {
            var denied = await parent.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/access-denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await parent.FollowAsync(denied)).Response.StatusCode);
            Assert.DoesNotContain(mine, await (await parent.FollowAsync(denied)).Response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A principal holds no viewing right over the queues, so no report either.
        var head = await StaffAsync("principal");
        Assert.Contains("/access-denied", (await head.Client.GetAsync("/staff/reports/export.csv?" + period)).Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A supervisor of RIY-S1 sees the school's requests, and asking for the neighbouring school gives nothing.
        var supervisor = await SchoolSupervisorAsync();
        var own = Csv.Parse((await supervisor.Client.GetStringAsync("/staff/reports/export.csv?" + period)).TrimStart('\uFEFF'));
        Assert.Equal([mine], own.Skip(1).Select(r => r[1]));
        var neighbour = await UnitIdAsync("RIY-S2");
        var foreign = Csv.Parse((await supervisor.Client.GetStringAsync($"/staff/reports/export.csv?{period}&unitId={neighbour}")).TrimStart('\uFEFF'));
        Assert.Single(foreign);
        using (var xlsx = new MemoryStream(await supervisor.Client.GetByteArrayAsync($"/staff/reports/export.xlsx?{period}&unitId={neighbour}")))
        using (var document = SpreadsheetDocument.Open(xlsx, false))
            Assert.Single(document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>());
        var (_, page) = await supervisor.GetAsync($"/staff/reports?{period}&unitId={neighbour}");
        Assert.NotNull(page.QuerySelector("#report-empty"));
        Assert.DoesNotContain(other, page.Body!.TextContent, StringComparison.Ordinal);
        var (_, print) = await supervisor.GetAsync($"/staff/reports/print?{period}");
        Assert.Contains(mine, print.QuerySelector("#report")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(other, print.Body!.TextContent, StringComparison.Ordinal);

        // The directorate's coordinator sees both schools.
        var coordinator = await StaffAsync("coordinator");
        var both = Csv.Parse((await coordinator.Client.GetStringAsync("/staff/reports/export.csv?" + period)).TrimStart('\uFEFF'));
        Assert.Equal(new[] { mine, other }.Order(), both.Skip(1).Select(r => r[1]).Order());
    }

    [SkippableFact]
    public async Task A_bad_filter_is_explained_on_the_page_with_what_was_typed_and_exports_send_back_to_it()
    {
        fixture.Require();
        var s = await StaffAsync("coordinator");
        var (response, page) = await s.GetAsync("/staff/reports?from=2031-03-20&to=2031-03-01&type=Complaint");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("تاريخ البداية بعد تاريخ النهاية", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2031-03-20", page.QuerySelector("#from")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#report"));

        var (bad, badPage) = await s.GetAsync("/staff/reports?from=15/03/2031&to=2031-03-31");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("سنة-شهر-يوم", badPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#from", badPage.QuerySelector(".error-summary a")!.GetAttribute("href"));

        var (_, tooLong) = await s.GetAsync("/staff/reports?from=2020-01-01&to=2031-03-31");
        Assert.Contains("خمس سنوات", tooLong.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var export = await s.Client.GetAsync("/staff/reports/export.csv?hmonth=1452-13");
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.Equal("/staff/reports?hmonth=1452-13", export.Headers.Location!.OriginalString);
        var (_, hijri) = await s.FollowAsync(export);
        Assert.Contains("أم القرى", hijri.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_page_is_paged_by_key_and_the_next_page_continues_the_serials_without_repeating_a_row()
    {
        fixture.Require();
        var numbers = new List<string>();
        for (var i = 0; i < 103; i++)
            numbers.Add(await AddAsync(i % 2 == 0 ? "RIY-S1" : "RIY-S2", RequestType.Report, "بلاغ رقم " + i.ToString(CultureInfo.InvariantCulture), new DateTime(2033, 1, 1, 8, 0, 0).AddMinutes(i)));
        var s = await StaffAsync("coordinator");
        var (_, first) = await s.GetAsync("/staff/reports?month=2033-01&type=Report");
        var firstRows = first.QuerySelectorAll("#report tbody tr:not(.report-group)").ToList();
        Assert.Equal(100, firstRows.Count);
        var next = first.QuerySelector("#next-page")!.GetAttribute("href")!;
        Assert.Contains("month=2033-01", next, StringComparison.Ordinal);
        var (_, second) = await s.GetAsync("/staff/reports" + next);
        var secondRows = second.QuerySelectorAll("#report tbody tr:not(.report-group)").ToList();
        Assert.Equal(3, secondRows.Count);
        Assert.Equal("101", secondRows[0].QuerySelector("td")!.TextContent.Trim());
        Assert.Null(second.QuerySelector("#next-page"));
        var seen = firstRows.Concat(secondRows).Select(r => r.QuerySelector("a")!.TextContent.Trim()).ToList();
        Assert.Equal(numbers.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}

/// <summary>An RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF between records.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"' && field.Length == 0) quoted = true;
            else if (ch == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else if (ch is '"' or '\r' or '\n') throw new FormatException($"Not RFC 4180 at {i}");
            else field.Append(ch);
        }
        if (quoted) throw new FormatException("Unterminated quote");
        if (field.Length > 0 || record.Count > 0) throw new FormatException("The last record has no CRLF");
        return records;
    }
}

public sealed class ReportTestsOnSqlite(SqliteAppFixture f) : ReportTests(f), IClassFixture<SqliteAppFixture>;

public sealed class ReportTestsOnPostgres(PostgresAppFixture f) : ReportTests(f), IClassFixture<PostgresAppFixture>;
