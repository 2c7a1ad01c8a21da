using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Wasl.Web.Modules.Requests.Pages;
using Wasl.Web.Platform.Localization;

namespace Wasl.Bench;

/// <summary>
/// Runs the app's own page handlers (staff queue, staff search) as three staff members, records the SQL EF sends
/// (text and parameters), then times (a) the whole handler and (b) each captured statement replayed on its own,
/// and writes EXPLAIN (ANALYZE, BUFFERS) of every statement. Nothing here is a hand-written lookalike of a query.
/// </summary>
internal static class QueryBench
{
    private sealed record Scenario(string Name, string Title, Guid User, Func<IServiceProvider, Task<PageModel>> Run);

    public static async Task RunAsync(string connectionString, int iterations, int warmup, string outDir)
    {
        Directory.CreateDirectory(outDir);
        using var capture = new CommandCapture();
        await using var app = await AppHost.BuildAsync(connectionString, capture);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        string number, midWord, indicatorMonth;
        int indicatorYear;
        long midCount;
        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            // A request in the coordinator's directorate, from the middle of the table.
            number = await Generator.ScalarAsync<string>(conn, """
                SELECT r."Number" FROM "Requests" r JOIN "Units" u ON u."Id" = r."UnitId"
                WHERE u."Path" LIKE '/1/2/%' AND r."Id" <= (SELECT max("Id") / 2 FROM "Requests") ORDER BY r."Id" DESC LIMIT 1
                """);
            // A word of middle frequency (about 1 % of the requests, so above the search's rare-word cap of 2,000 at a
            // million): from a 1 % sample of the index, the indexed word nearest 1 % that the search's own QueryTerms
            // leaves unchanged (a word with a prefix such as "وال" would be searched as its stem, a far more common word).
            await using (var cmd = new NpgsqlCommand("""
                SELECT word FROM ts_stat('SELECT "SearchVector" FROM "Requests" WHERE "Id" % 100 = 0')
                WHERE length(word) >= 4
                ORDER BY abs(ndoc - (SELECT count(*) FROM "Requests" WHERE "Id" % 100 = 0) / 100.0), word LIMIT 200
                """, conn) { CommandTimeout = 0 })
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                midWord = "";
                while (midWord.Length == 0 && await reader.ReadAsync())
                {
                    var word = reader.GetString(0);
                    if (SearchText.QueryTerms(word) is [var only] && only == word) midWord = word;
                }
            }
            // Indicator periods the data covers: the last full calendar year of requests and a month of the year after.
            var (firstAt, lastAt) = (await Generator.ScalarAsync<DateTime>(conn, """SELECT min("CreatedAt") FROM "Requests" """),
                await Generator.ScalarAsync<DateTime>(conn, """SELECT max("CreatedAt") FROM "Requests" """));
            indicatorYear = lastAt.Year - 1;
            if (firstAt > new DateTime(indicatorYear, 1, 1, 0, 0, 0, DateTimeKind.Utc)) throw new InvalidOperationException($"The requests ({firstAt:d} – {lastAt:d}) cover no full year.");
            indicatorMonth = $"{lastAt.Year:D4}-05";
            Console.WriteLine($"indicators: year={indicatorYear}, month={indicatorMonth} (requests {firstAt:yyyy-MM-dd} – {lastAt:yyyy-MM-dd})");
            if (midWord.Length == 0) throw new InvalidOperationException("No word of about 1 % that the search keeps as it is.");
            await using var count = new NpgsqlCommand("""SELECT count(*) FROM "Requests" WHERE "SearchVector" @@ plainto_tsquery('simple'::regconfig, @w)""", conn);
            count.Parameters.AddWithValue("w", midWord);
            midCount = (long)(await count.ExecuteScalarAsync())!;
            Console.WriteLine($"~1 % word: {midWord} ({midCount:N0} requests)");
        }

        Scenario[] scenarios =
        [
            // The indicators page: the aggregates (totals, by type, top categories, by day) and the map of the newest located requests.
            new("indicators-national-year", $"Indicators, year {indicatorYear}, whole ministry (administrator; rows = requests counted)", Generator.AdminId, sp => Indicators(sp, $"?year={indicatorYear}")),
            new("indicators-national-month", $"Indicators, month {indicatorMonth}, whole ministry (administrator; rows = requests counted)", Generator.AdminId, sp => Indicators(sp, $"?month={indicatorMonth}")),
            new("indicators-directorate-year", $"Indicators, year {indicatorYear}, directorate (coordinator; rows = requests counted)", Generator.CoordinatorId, sp => Indicators(sp, $"?year={indicatorYear}")),
            new("indicators-school-year", $"Indicators, year {indicatorYear}, one school (supervisor; rows = requests counted)", Generator.SupervisorId, sp => Indicators(sp, $"?year={indicatorYear}")),
            new("queue-school", "Queue \"new\", one school (supervisor)", Generator.SupervisorId, sp => Queue(sp, QueueKind.New)),
            new("queue-directorate", "Queue \"new\", directorate (coordinator)", Generator.CoordinatorId, sp => Queue(sp, QueueKind.New)),
            new("queue-national", "Queue \"new\", whole ministry (administrator)", Generator.AdminId, sp => Queue(sp, QueueKind.New)),
            new("overdue-directorate", "Queue \"overdue\", directorate (coordinator)", Generator.CoordinatorId, sp => Queue(sp, QueueKind.Overdue)),
            new("overdue-national", "Queue \"overdue\", whole ministry (administrator)", Generator.AdminId, sp => Queue(sp, QueueKind.Overdue)),
            new("number-directorate", "Lookup by number (coordinator)", Generator.CoordinatorId, sp => Search(sp, number)),
            new("number-national", "Lookup by number (administrator)", Generator.AdminId, sp => Search(sp, number)),
            new("rare-directorate", $"Word search, rare word \"{Vocabulary.RareWord}\" (coordinator)", Generator.CoordinatorId, sp => Search(sp, Vocabulary.RareWord)),
            new("rare-national", $"Word search, rare word \"{Vocabulary.RareWord}\" (administrator)", Generator.AdminId, sp => Search(sp, Vocabulary.RareWord)),
            new("common-directorate", $"Word search, common word \"{Vocabulary.CommonWord}\" (coordinator)", Generator.CoordinatorId, sp => Search(sp, Vocabulary.CommonWord)),
            new("common-national", $"Word search, common word \"{Vocabulary.CommonWord}\" (administrator)", Generator.AdminId, sp => Search(sp, Vocabulary.CommonWord)),
            // The GIN probe is not scoped: a word over the cap in the whole table keeps the newest-first walk even for a
            // person who sees one school, where the walk must pass the rest of the country to fill a page.
            new("common-school", $"Word search, common word \"{Vocabulary.CommonWord}\" (supervisor)", Generator.SupervisorId, sp => Search(sp, Vocabulary.CommonWord)),
            new("mid-national", $"Word search, ~1 % word \"{midWord}\" ({midCount:N0} requests; administrator)", Generator.AdminId, sp => Search(sp, midWord)),
            new("mid-directorate", $"Word search, ~1 % word \"{midWord}\" ({midCount:N0} requests; coordinator)", Generator.CoordinatorId, sp => Search(sp, midWord)),
            new("mid-school", $"Word search, ~1 % word \"{midWord}\" ({midCount:N0} requests; supervisor)", Generator.SupervisorId, sp => Search(sp, midWord)),
        ];

        var summary = new StringBuilder();
        var explain = new StringBuilder();
        var tsv = new StringBuilder("scenario\tstatement\trows\tmedian_ms\tp99_ms\truns\n");
        summary.AppendLine(CultureInfo.InvariantCulture, $"Query timings: {iterations} runs after {warmup} warm-up runs each; ms. Handler = the page handler with EF; statements = each SQL replayed alone.");
        summary.AppendLine();
        summary.AppendLine("| scenario | what | rows | median ms | p99 ms | runs |");
        summary.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var scenario in scenarios)
        {
            if (Only.Count > 0 && !Only.Any(p => scenario.Name.StartsWith(p, StringComparison.Ordinal))) continue;
            // 1. Once, capturing the SQL; the handler must have produced its page (not a Forbid).
            List<CapturedCommand> commands;
            int rows;
            {
                commands = capture.Start();
                var page = await InvokeAsync(app.Services, scenario);
                capture.Stop();
                rows = RowCount(page);
            }

            // 2. The whole handler, as the app runs it (a new scope, so a new DbContext, each time).
            var handler = await TimeAsync(iterations, warmup, async () => await InvokeAsync(app.Services, scenario));
            summary.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Name} | **{scenario.Title}**: whole handler, {commands.Count} statements | {rows} | {handler.Median:F2} | {handler.P99:F2} | {handler.Runs} |");
            tsv.AppendLine(CultureInfo.InvariantCulture, $"{scenario.Name}\thandler\t{rows}\t{handler.Median:F3}\t{handler.P99:F3}\t{handler.Runs}");

            // 3. Each statement alone, and its plan.
            explain.AppendLine(CultureInfo.InvariantCulture, $"################ {scenario.Name}: {scenario.Title}");
            explain.AppendLine();
            await using var conn = await dataSource.OpenConnectionAsync();
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                var label = Label(command);
                var statementRows = 0;
                var timing = await TimeAsync(iterations, warmup, async () =>
                {
                    await using var cmd = command.CreateCommand(conn);
                    await using var reader = await cmd.ExecuteReaderAsync();
                    var n = 0;
                    while (await reader.ReadAsync()) n++;
                    statementRows = n;
                });
                summary.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Name} | &nbsp;&nbsp;{i + 1}. {label} | {statementRows} | {timing.Median:F2} | {timing.P99:F2} | {timing.Runs} |");
                tsv.AppendLine(CultureInfo.InvariantCulture, $"{scenario.Name}\t{i + 1}. {label}\t{statementRows}\t{timing.Median:F3}\t{timing.P99:F3}\t{timing.Runs}");

                explain.AppendLine(CultureInfo.InvariantCulture, $"-- {scenario.Name} statement {i + 1} ({label}); median {timing.Median:F2} ms, p99 {timing.P99:F2} ms");
                explain.AppendLine(command.Sql);
                foreach (var p in command.Parameters)
                    explain.AppendLine(CultureInfo.InvariantCulture, $"--   {p.ParameterName} = {Show(p.Value)}");
                await using (var cmd = command.CreateCommand(conn, "EXPLAIN (ANALYZE, BUFFERS) "))
                await using (var reader = await cmd.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync()) explain.AppendLine(reader.GetString(0));
                }
                explain.AppendLine();
            }
            // After every scenario, so a run stopped early keeps what it measured.
            await File.WriteAllTextAsync(Path.Combine(outDir, "queries.md"), summary.ToString());
            await File.WriteAllTextAsync(Path.Combine(outDir, "queries.tsv"), tsv.ToString());
            await File.WriteAllTextAsync(Path.Combine(outDir, "explain.txt"), explain.ToString());
            Console.WriteLine($"{scenario.Name,-20} handler median {handler.Median,8:F2} ms  p99 {handler.P99,8:F2} ms  ({commands.Count} statements, {rows} rows)");
        }
        await File.WriteAllTextAsync(Path.Combine(outDir, "queries.md"), summary.ToString());
        await File.WriteAllTextAsync(Path.Combine(outDir, "queries.tsv"), tsv.ToString());
        await File.WriteAllTextAsync(Path.Combine(outDir, "explain.txt"), explain.ToString());
        Console.WriteLine($"wrote {outDir}/queries.md, queries.tsv, explain.txt");
    }

    private static async Task<PageModel> InvokeAsync(IServiceProvider root, Scenario scenario)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, scenario.User.ToString())], "bench");
        var http = sp.GetRequiredService<IHttpContextAccessor>();
        http.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity), RequestServices = sp };
        try
        {
            return await scenario.Run(sp);
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    private static async Task<PageModel> Queue(IServiceProvider sp, QueueKind kind)
    {
        var page = ActivatorUtilities.CreateInstance<QueueModel>(sp);
        page.Queue = kind;
        Expect(await page.OnGetAsync(CancellationToken.None));
        return page;
    }

    private static async Task<PageModel> Search(IServiceProvider sp, string q)
    {
        var page = ActivatorUtilities.CreateInstance<SearchModel>(sp);
        page.Q = q;
        Expect(await page.OnGetAsync(CancellationToken.None));
        return page;
    }

    /// <summary>
    /// The indicators page handler with its filter in the query string (ReportFilter.FromQuery reads Request.Query):
    /// it must have resolved the period and counted something, so a filter the page refuses cannot pass for a fast page.
    /// </summary>
    private static async Task<PageModel> Indicators(IServiceProvider sp, string query)
    {
        var http = sp.GetRequiredService<IHttpContextAccessor>().HttpContext!;
        http.Request.QueryString = new QueryString(query);
        var page = ActivatorUtilities.CreateInstance<IndicatorsModel>(sp);
        page.PageContext = new PageContext { HttpContext = http };
        Expect(await page.OnGetAsync(CancellationToken.None));
        if (page.Errors.Count > 0 || page.Totals.Received == 0)
            throw new InvalidOperationException($"The indicators page for {query} counted nothing ({string.Join("; ", page.Errors)}): is the aggregate built (bench indicators)?");
        return page;
    }

    private static void Expect(IActionResult result)
    {
        if (result is not PageResult) throw new InvalidOperationException($"The handler answered {result.GetType().Name}, not a page: check the bench user's role.");
    }

    private static int RowCount(PageModel page) => page switch
    {
        QueueModel q => q.Rows.Count,
        SearchModel s => s.Rows.Count,
        IndicatorsModel i => (int)i.Totals.Received,
        _ => -1,
    };

    private static string Label(CapturedCommand command)
    {
        var s = command.Sql.ReplaceLineEndings(" ");
        if (s.Contains("count(*)", StringComparison.OrdinalIgnoreCase))
        {
            // The statuses' array (since issue 12 a scope of several units also sends its unit ids as an array).
            var statuses = command.Parameters.Where(p => p.ParameterName.Contains("status", StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Value).OfType<System.Collections.IEnumerable>().Where(v => v is not string)
                .Select(v => string.Join(",", v.Cast<object>())).FirstOrDefault() ?? "";
            var tab = s.Contains("\"AssigneeId\"", StringComparison.Ordinal) ? "mine"
                : s.Contains("\"DueAt\" <", StringComparison.Ordinal) ? "overdue"
                : statuses == "New" ? "new" : statuses == "AwaitingRequester" ? "awaiting requester"
                : statuses.Contains("Closed", StringComparison.Ordinal) ? "closed" : "open";
            var capped = s.Contains("LIMIT", StringComparison.Ordinal) ? ", capped" : "";
            return $"count for the \"{tab}\" tab{capped}";
        }
        if (s.Contains("\"RoleAssignments\"", StringComparison.Ordinal)) return "the user's role grants";
        if (s.Contains("\"ParentId\" IS NULL", StringComparison.Ordinal)) return "the tree's roots (scope: whole tree?)";
        if (s.Contains("FROM \"RequestDailyStats\"", StringComparison.Ordinal))
        {
            var by = s.Contains("GROUP BY \"Day\"", StringComparison.Ordinal) ? "by day" : s.Contains("GROUP BY \"Type\"", StringComparison.Ordinal) ? "by type"
                : s.Contains("GROUP BY \"CategoryId\"", StringComparison.Ordinal) ? "by category" : "totals";
            return $"indicators: {by} (RequestDailyStats, raw ADO.NET)";
        }
        if (s.Contains("\"Latitude\" IS NOT NULL", StringComparison.Ordinal)) return "indicators: map, newest located requests";
        if (s.Contains("FROM \"RequestCategories\"", StringComparison.Ordinal)) return "categories (filter list)";
        if (s.Contains("FROM \"Units\"", StringComparison.Ordinal) && s.Contains("LIMIT", StringComparison.Ordinal)) return "visible units (filter list)";
        // RequestSearch.MatchingAsync: the capped GIN probe, then either the page of those ids or the newest-first walk.
        if (s.Contains("\"SearchVector\"", StringComparison.Ordinal) && s.Contains("\"Value\"", StringComparison.Ordinal)) return "GIN probe: matching ids, capped";
        if (s.Contains("\"SearchVector\"", StringComparison.Ordinal)) return "word search page, newest-first walk";
        if (s.Contains("r.\"Id\" = ANY (", StringComparison.Ordinal)) return "word search page of the probed ids";
        if (s.Contains("\"Number\" =", StringComparison.Ordinal)) return "number lookup";
        if (s.Contains("LIMIT", StringComparison.Ordinal)) return "first page";
        return s.Length > 60 ? s[..60] : s;
    }

    private static string Show(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + s + "'",
        System.Collections.IEnumerable e => "{" + string.Join(",", e.Cast<object>()) + "}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal readonly record struct Timing(double Median, double P99, int Runs);

    /// <summary>Each measurement stops at its run count or after <see cref="BudgetSeconds"/> (at least 20 runs), so a slow query cannot hold the machine.</summary>
    internal static double BudgetSeconds { get; set; } = 60;

    /// <summary>Scenario name prefixes to run (all when empty), e.g. "indicators-" for a 10M run of the indicators alone.</summary>
    internal static IReadOnlyList<string> Only { get; set; } = [];

    private static async Task<Timing> TimeAsync(int iterations, int warmup, Func<Task> action)
    {
        for (var i = 0; i < warmup; i++) await action();
        var samples = new List<double>(iterations);
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < iterations && (i < 20 || budget.Elapsed.TotalSeconds < BudgetSeconds); i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return new Timing(Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Count);
    }

    /// <summary>Nearest-rank percentile.</summary>
    internal static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
