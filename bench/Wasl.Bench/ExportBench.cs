using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Wasl.Web.Platform.Identity;

namespace Wasl.Bench;

/// <summary>
/// Report exports over HTTP (issue 5, part 3): a staff member of the ministry signs in through the form (bot challenge
/// solved as the widget does) and downloads CSV and XLSX of a period holding about <c>rows</c> requests, timing each
/// download, counting its bytes and rows (reading the files back), and reading the app process's peak resident memory
/// (VmHWM, reset before each download through /proc/PID/clear_refs). Loopback only.
/// </summary>
internal static partial class ExportBench
{
    private static readonly Guid ReaderId = Guid.Parse("00000000-0000-0000-0000-00000000e001");
    private const string ReaderName = "bench-reader";
    private const string Password = "Bench-Reader-2026!";

    public static async Task<int> RunAsync(Uri baseUrl, string conn, int rows, int? appPid, string outDir)
    {
        if (!IPAddress.TryParse(baseUrl.Host, out var ip) || !IPAddress.IsLoopback(ip))
            throw new ArgumentException($"The export bench only talks to a loopback address, not {baseUrl.Host}.", nameof(baseUrl));
        var (from, to) = await PrepareAsync(conn, rows);
        var jar = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        await SignInAsync(http);
        var query = string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var lines = new List<string> { "format\tquery\trows\tbytes\tfirst_byte_s\ttotal_s\trss_before_mb\tpeak_rss_mb" };
        foreach (var format in new[] { "csv", "xlsx", "csv" })
        {
            var before = appPid is { } p ? ResetPeak(p) : null;
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/staff/reports/export.{format}?{query}", HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"export.{format} answered {(int)response.StatusCode} {response.Headers.Location}");
            await using var body = await response.Content.ReadAsStreamAsync();
            var path = Path.Combine(Path.GetTempPath(), $"wasl-bench-export-{Guid.NewGuid():N}.{format}");
            double firstByte;
            long bytes;
            try
            {
                await using (var file = File.Create(path))
                {
                    var buffer = new byte[81920];
                    var n = await body.ReadAsync(buffer);
                    firstByte = watch.Elapsed.TotalSeconds;
                    bytes = 0;
                    while (n > 0)
                    {
                        bytes += n;
                        await file.WriteAsync(buffer.AsMemory(0, n));
                        n = await body.ReadAsync(buffer);
                    }
                }
                var total = watch.Elapsed.TotalSeconds;
                var peak = appPid is { } q ? Status(q, "VmHWM") : null;
                var count = format == "csv" ? CountCsvRows(path) : CountXlsxRows(path);
                var line = string.Create(CultureInfo.InvariantCulture, $"{format}\t{query}\t{count}\t{bytes}\t{firstByte:F2}\t{total:F2}\t{Mb(before)}\t{Mb(peak)}");
                Console.WriteLine(line);
                lines.Add(line);
            }
            finally
            {
                File.Delete(path);
            }
        }
        Directory.CreateDirectory(outDir);
        await File.WriteAllLinesAsync(Path.Combine(outDir, "export.tsv"), lines);
        return 0;
    }

    /// <summary>The reader (a supervisor at the ministry, so every request is in scope) and the period of the newest <paramref name="rows"/> requests, in Riyadh days.</summary>
    private static async Task<(DateOnly From, DateOnly To)> PrepareAsync(string conn, int rows)
    {
        await using var dataSource = NpgsqlDataSource.Create(conn);
        var hash = new PasswordHasher<WaslUser>().HashPassword(new WaslUser(), Password);
        await using (var cmd = dataSource.CreateCommand("""
            DELETE FROM "RoleAssignments" WHERE "UserId" = @id;
            DELETE FROM "AspNetUsers" WHERE "Id" = @id;
            INSERT INTO "AspNetUsers" ("Id", "FullName", "Kind", "HomeUnitId", "PreferredCalendar", "IsDemo", "IsActive", "CreatedAt",
              "UserName", "NormalizedUserName", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "EmailNotices", "SmsNotices", "PasswordHash")
            SELECT @id, 'قارئ التقارير', 'Staff', u."Id", 'Gregorian', FALSE, TRUE, now(), @name, upper(@name), FALSE, md5(random()::text), md5(random()::text), FALSE, FALSE, TRUE, 0, TRUE, TRUE, @hash
              FROM "Units" u WHERE u."ParentId" IS NULL ORDER BY u."Id" LIMIT 1;
            INSERT INTO "RoleAssignments" ("UserId", "Role", "UnitId") SELECT @id, 'Supervisor', u."Id" FROM "Units" u WHERE u."ParentId" IS NULL ORDER BY u."Id" LIMIT 1;
            """))
        {
            cmd.Parameters.AddWithValue("id", ReaderId);
            cmd.Parameters.AddWithValue("name", ReaderName);
            cmd.Parameters.AddWithValue("hash", hash);
            await cmd.ExecuteNonQueryAsync();
        }
        var riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
        DateOnly Day(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), riyadh));
        await using var last = dataSource.CreateCommand("""SELECT max("CreatedAt") FROM "Requests" """);
        var to = Day((DateTime)(await last.ExecuteScalarAsync())!);
        await using var nth = dataSource.CreateCommand("""SELECT "CreatedAt" FROM "Requests" ORDER BY "CreatedAt" DESC OFFSET @n LIMIT 1""");
        nth.Parameters.AddWithValue("n", rows);
        var from = await nth.ExecuteScalarAsync() is DateTime edge ? Day(edge).AddDays(1) : DateOnly.MinValue;
        if (from == DateOnly.MinValue)
        {
            await using var first = dataSource.CreateCommand("""SELECT min("CreatedAt") FROM "Requests" """);
            from = Day((DateTime)(await first.ExecuteScalarAsync())!);
        }
        return (from, to);
    }

    private static async Task SignInAsync(HttpClient http)
    {
        var form = await http.GetStringAsync("/staff/sign-in");
        var token = TokenPattern().Match(form).Groups[1].Value;
        using var challenge = JsonDocument.Parse(await http.GetStringAsync("/altcha/challenge"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Login"] = ReaderName,
            ["Input.Password"] = Password,
            ["__wasl_af"] = WebUtility.HtmlDecode(token),
            ["altcha"] = Solve(challenge.RootElement),
        };
        using var response = await http.PostAsync("/staff/sign-in", new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("sign-in", StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>What the ALTCHA widget does: find the number whose hash with the salt is the challenge.</summary>
    private static string Solve(JsonElement root)
    {
        var salt = root.GetProperty("salt").GetString()!;
        var target = root.GetProperty("challenge").GetString()!;
        var max = root.GetProperty("maxnumber").GetInt32();
        for (var n = 0; n <= max; n++)
        {
            if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + n.ToString(CultureInfo.InvariantCulture)))) != target) continue;
            var payload = JsonSerializer.Serialize(new { algorithm = "SHA-256", challenge = target, number = n, salt, signature = root.GetProperty("signature").GetString(), took = 1 });
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        }
        throw new InvalidOperationException("the challenge has no solution");
    }

    [GeneratedRegex("name=\"__wasl_af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Records of an RFC 4180 file without its header: CRLFs outside quotes.</summary>
    private static long CountCsvRows(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        long records = 0;
        var quoted = false;
        int ch, previous = -1;
        while ((ch = reader.Read()) >= 0)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == '\n' && previous == '\r' && !quoted) records++;
            previous = ch;
        }
        return records - 1;
    }

    /// <summary>Rows of the sheet without the header, read with the SAX reader (the file is not loaded whole).</summary>
    private static long CountXlsxRows(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        using var reader = OpenXmlReader.Create(document.WorkbookPart!.WorksheetParts.Single());
        long rows = 0;
        while (reader.Read())
            if (reader.ElementType == typeof(Row) && reader.IsStartElement) rows++;
        return rows - 1;
    }

    /// <summary>Resets the process's peak RSS (Linux: 5 to clear_refs) and returns the current RSS in kB.</summary>
    private static long? ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (IOException)
        {
            // Without the right to reset it the peak is the process's lifetime peak; the figures say "before" too.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
        return Status(pid, "VmRSS");
    }

    private static long? Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return null;
    }

    private static string Mb(long? kb) => kb is { } k ? (k / 1024.0).ToString("F0", CultureInfo.InvariantCulture) : "-";
}
