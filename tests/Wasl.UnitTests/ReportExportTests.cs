using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Wasl.Web.Modules.Requests.Reports;

namespace Wasl.UnitTests;

public sealed class ReportExportTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+966501234567", "'+966501234567")]
    [InlineData("-3", "'-3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("قال \"نعم\"", "\"قال \"\"نعم\"\"\"")]
    [InlineData("سطر\nثان", "\"سطر\nثان\"")]
    [InlineData("عادي", "عادي")]
    [InlineData("", "")]
    public void Csv_cells_are_quoted_and_formulas_neutralised(string value, string expected) =>
        Assert.Equal(expected, ReportExports.CsvCell(value));

    [Fact]
    public async Task Xlsx_is_written_row_by_row_and_reads_back()
    {
        var path = Path.Combine(Path.GetTempPath(), "wasl-unit-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await ReportExports.WriteXlsxAsync(path, "تقرير: الطلبات [1]", rightToLeft: true, ["مسلسل", "الموضوع"], Lines(), CancellationToken.None);
            using var document = SpreadsheetDocument.Open(path, false);
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            Assert.True(sheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.RightToLeft!.Value);
            var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text).ToList()).ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal(["مسلسل", "الموضوع"], rows[0]);
            Assert.Equal(["2", "=cmd \u0001x"[..5] + " x"], rows[2]);
            Assert.Equal("تقرير الطلبات 1", document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        }
        finally
        {
            File.Delete(path);
        }

        static async IAsyncEnumerable<string[]> Lines()
        {
            await Task.Yield();
            yield return ["1", "شكوى"];
            yield return ["2", "=cmd \u0001x"];
        }
    }
}
