using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Modules.Requests.Reports;

/// <summary>
/// A report as CSV or XLSX, every row, streamed: the rows are read one at a time from the database and written
/// straight out (CSV to the response; XLSX row by row into a temporary file, sent and deleted), so memory stays flat
/// however long the period. Same access as the page: staff with the View right, rows within their subtrees.
/// </summary>
internal static class ReportExports
{
    public static WebApplication MapReportExports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/staff/reports").RequireAuthorization(PlatformModule.StaffPolicy).ExcludeFromDescription();
        group.MapGet("/export.csv", (HttpContext http, ReportSource source, OrgAccess org, DateDisplay dates, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            ExportAsync(http, source, org, dates, t, "csv", ct));
        group.MapGet("/export.xlsx", (HttpContext http, ReportSource source, OrgAccess org, DateDisplay dates, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            ExportAsync(http, source, org, dates, t, "xlsx", ct));
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, ReportSource source, OrgAccess org, DateDisplay dates, IStringLocalizer<SharedResource> t, string format, CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Results.Forbid();
        var filter = ReportFilter.FromQuery(http.Request.Query);
        var run = await source.OpenAsync(filter, ct);
        // A filter that cannot run goes back to the page, which says why (with what was typed).
        if (!run.IsValid) return Results.Redirect("/staff/reports?" + filter.ToQueryString());
        // Audited before the first byte leaves: an export cut short was still an export.
        await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(
            new AuditRecord(AuditActions.Export, "Report", null, null, new { format, query = filter.ToQueryString() }), ct);
        var directory = await source.DirectoryAsync(null, ct);
        var rows = source.Rows(run.Requests).AsAsyncEnumerable();
        var columns = Columns(t);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"wasl-report-{run.From:yyyy-MM-dd}-{run.To:yyyy-MM-dd}.{format}");
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        if (format == "csv")
        {
            response.ContentType = "text/csv; charset=utf-8";
            await WriteCsvAsync(response.Body, columns, Lines(rows, directory, dates, t, ct), ct);
            return Results.Empty;
        }
        var path = Path.Combine(Path.GetTempPath(), "wasl-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await WriteXlsxAsync(path, t["Reports.Title"], CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft, columns, Lines(rows, directory, dates, t, ct), ct);
            response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            response.ContentLength = file.Length;
            await file.CopyToAsync(response.Body, ct);
            return Results.Empty;
        }
        finally
        {
            // DeleteOnClose removes it once sent; this covers a failure before it was opened.
            if (File.Exists(path)) File.Delete(path);
        }
    }

    private static string[] Columns(IStringLocalizer<SharedResource> t) =>
    [
        t["Reports.Serial"], t["Requests.Number"], t["Reports.RequesterName"], t["Requests.Subject"], t["Requests.Date"], t["Requests.Type"],
        t["Reports.SubType"], t["Reports.Entity"], t["Reports.Center"], t["Reports.RequesterRole"], t["Reports.Status"],
    ];

    /// <summary>Each row as the cells of the columns above, in the user's language; the date is ISO in the deployment's time zone (sortable in any spreadsheet).</summary>
    private static async IAsyncEnumerable<string[]> Lines(IAsyncEnumerable<ReportRow> rows, UnitDirectory units, DateDisplay dates, IStringLocalizer<SharedResource> t, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var serial = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            serial++;
            yield return
            [
                serial.ToString(CultureInfo.InvariantCulture), r.Number, r.RequesterName, r.Subject,
                dates.ToLocal(r.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                t[$"RequestType.{r.Type}"], r.CategoryName ?? "", units.EntityName(r.UnitId) ?? "", r.UnitName,
                t[$"RequesterRole.{r.RequesterRole}"], t[$"RequestStatus.{r.Status}"],
            ];
        }
    }

    /// <summary>The CSV file every export writes (Platform's <see cref="CsvExport"/>: BOM, CRLF, RFC 4180, formulas neutralised).</summary>
    public static Task WriteCsvAsync(Stream body, IReadOnlyList<string> columns, IAsyncEnumerable<string[]> lines, CancellationToken ct) =>
        CsvExport.WriteAsync(body, columns, lines, ct);

    public static string CsvLine(IReadOnlyList<string> cells) => CsvExport.Line(cells);

    public static string CsvCell(string? value) => CsvExport.Cell(value);

    /// <summary>
    /// A one-sheet workbook written with the SDK's SAX writer: a header row and one row of inline strings per line (an
    /// inline string is never a formula). The package is a zip written forward only (System.IO.Compression in create
    /// mode): the SDK's own package opens the zip for update, which keeps every part in memory until it is closed.
    /// </summary>
    public static async Task WriteXlsxAsync(string path, string sheetName, bool rightToLeft, IReadOnlyList<string> columns, IAsyncEnumerable<string[]> lines, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(lines);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteEntry(zip, "[Content_Types].xml", ContentTypes);
        WriteEntry(zip, "_rels/.rels", PackageRelationships);
        WriteEntry(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships);
        using (var part = zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open())
        using (var writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartDocument(true);
            writer.WriteStartElement(new Workbook());
            writer.WriteStartElement(new Sheets());
            writer.WriteElement(new Sheet { Name = SheetName(sheetName), SheetId = 1U, Id = "rId1" });
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        using (var part = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
        using (var writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartDocument(true);
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetViews());
            writer.WriteStartElement(new SheetView { RightToLeft = rightToLeft, TabSelected = true, WorkbookViewId = 0U });
            writer.WriteElement(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteStartElement(new SheetData());
            uint index = 1;
            WriteRow(writer, index, columns, numericFirst: false);
            await foreach (var line in lines.WithCancellation(ct))
                WriteRow(writer, ++index, line, numericFirst: true);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
    }

    private const string ContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
        """;

    private const string PackageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """;

    private const string WorkbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """;

    private static void WriteEntry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(new UTF8Encoding(false).GetBytes(content));
    }

    private static void WriteRow(OpenXmlWriter writer, uint index, IReadOnlyList<string> cells, bool numericFirst)
    {
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", index.ToString(CultureInfo.InvariantCulture))]);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i == 0 && numericFirst)
            {
                writer.WriteStartElement(new Cell());
                writer.WriteElement(new CellValue(cells[i]));
                writer.WriteEndElement();
                continue;
            }
            writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("t", "", "inlineStr")]);
            writer.WriteStartElement(new InlineString());
            writer.WriteElement(new Text(XmlSafe(cells[i])) { Space = SpaceProcessingModeValues.Preserve });
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot carry most control characters; a subject pasted with one must not break the file.</summary>
    private static string XmlSafe(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\u0000', '\u001F')) return value;
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value) sb.Append(ch is < ' ' and not '\t' and not '\n' and not '\r' ? ' ' : ch);
        return sb.ToString();
    }

    /// <summary>Sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim();
        return clean.Length == 0 ? "Report" : clean[..Math.Min(31, clean.Length)];
    }
}
