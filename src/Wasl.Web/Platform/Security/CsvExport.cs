using System.Text;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// CSV as every export writes it (research/anchors-ux-security.md §4): streamed, UTF-8 with a byte-order mark, CRLF,
/// RFC 4180 quoting, and any cell a spreadsheet would run as a formula neutralised.
/// </summary>
internal static class CsvExport
{
    /// <summary>UTF-8 with a byte-order mark (so spreadsheets read Arabic right), CRLF, RFC 4180 quoting, formulas neutralised.</summary>
    public static async Task WriteAsync(Stream body, IReadOnlyList<string> columns, IAsyncEnumerable<string[]> lines, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(lines);
        await body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 65536, leaveOpen: true);
        await writer.WriteAsync(Line(columns).AsMemory(), ct);
        var count = 0;
        await foreach (var line in lines.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(line).AsMemory(), ct);
            // Hand a batch to the network now and then, so nothing piles up in memory.
            if (++count % 1000 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    public static string Line(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(cells[i]));
        }
        return sb.Append("\r\n").ToString();
    }

    /// <summary>
    /// One field. A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets
    /// a leading apostrophe (CSV formula injection, OWASP); a field with a comma, quote or line break is quoted, quotes doubled.
    /// </summary>
    public static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
