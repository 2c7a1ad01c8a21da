using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.Bench;

/// <summary>
/// One escalation sweep at national scale (issue 4): every generated request is made open with a deadline in the
/// coming month, except <c>due</c> of them, filed more than 30 days ago, whose check time has passed (replaying their
/// timeline finds the deadline broken: they escalate, or at the ministry the breach is noted). The app's own sweeper then runs one tick, as the background service
/// does, with the SQL it sends counted; a second tick shows the cost when nothing is due.
/// </summary>
internal static class SweepBench
{
    public static async Task RunAsync(string connectionString, int due, string outDir)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            var prepare = Stopwatch.StartNew();
            await ExecAsync(conn, """
                UPDATE "Requests" SET "Status" = 'UnderStudy', "ResolvedAt" = NULL, "Resolution" = NULL, "EscalationCount" = 0, "BreachCount" = 0,
                    "DueAt" = now() + make_interval(hours => 1 + ("Id" % 720)::int), "NextCheckAt" = now() + make_interval(hours => 1 + ("Id" % 720)::int)
                """);
            await ExecAsync(conn, $"""
                UPDATE "Requests" SET "NextCheckAt" = now() - interval '1 minute', "DueAt" = now() - interval '1 minute'
                WHERE "Id" IN (SELECT "Id" FROM "Requests" WHERE "CreatedAt" < now() - interval '30 days' ORDER BY md5("Id"::text) LIMIT {due})
                """);
            await ExecAsync(conn, """DELETE FROM "DeadlineRecomputeJobs" """);
            await ExecAsync(conn, "VACUUM (ANALYZE) \"Requests\"");
            Console.WriteLine($"prepared: every request open, {due:N0} due, in {prepare.Elapsed.TotalSeconds:F0} s");
        }

        var capture = new CommandCapture();
        await using var app = await AppHost.BuildAsync(connectionString, capture);
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var options = app.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
        // Warm the calendar snapshot and EF's model as a running node has them.
        await app.Services.GetRequiredService<WorkCalendars>().CurrentAsync(CancellationToken.None);

        var report = new StringBuilder();
        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            var open = await ScalarAsync(conn, """SELECT count(*) FROM "Requests" WHERE "NextCheckAt" IS NOT NULL""");
            var dueNow = await ScalarAsync(conn, """SELECT count(*) FROM "Requests" WHERE "NextCheckAt" <= now()""");
            report.AppendLine(CultureInfo.InvariantCulture, $"open requests with a running clock: {open:N0}; due now: {dueNow:N0}; batch: {options.SweepBatch}");
        }

        foreach (var label in new[] { "sweep with the due requests", "next sweep (nothing due)" })
        {
            var commands = capture.Start();
            var watch = Stopwatch.StartNew();
            await DeadlineSweeper.TickAsync(scopes, options, CancellationToken.None);
            watch.Stop();
            capture.Stop();
            report.AppendLine(CultureInfo.InvariantCulture, $"{label}: {watch.Elapsed.TotalMilliseconds:F0} ms, {commands.Count} SQL commands");
            var byKind = commands.GroupBy(c => Kind(c.Sql)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            report.AppendLine("  " + string.Join(", ", byKind));
        }

        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            var escalated = await ScalarAsync(conn, """SELECT count(*) FROM "Requests" WHERE "EscalationCount" = 1""");
            var events = await ScalarAsync(conn, """SELECT count(*) FROM "RequestEvents" WHERE "Kind" = 'Escalated' AND "ActorId" IS NULL""");
            var breached = await ScalarAsync(conn, """SELECT count(*) FROM "RequestEvents" WHERE "Kind" = 'DeadlineBreached'""");
            var notices = await ScalarAsync(conn, """SELECT count(*) FROM "UserNotifications" """);
            report.AppendLine(CultureInfo.InvariantCulture, $"escalated: {escalated:N0} requests ({events:N0} timeline events); breach noted at the top (ministry requests): {breached:N0}; in-app notices: {notices:N0}");
            await using var explain = new NpgsqlCommand("""
                EXPLAIN (ANALYZE, BUFFERS) SELECT "Id" FROM "Requests" WHERE "NextCheckAt" IS NOT NULL AND "NextCheckAt" <= now() ORDER BY "NextCheckAt", "Id" LIMIT 200 FOR UPDATE SKIP LOCKED
                """, conn);
            report.AppendLine("plan of the due-work query:");
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) report.AppendLine("    " + reader.GetString(0));
        }
        Console.Write(report);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "sweep.txt"), report.ToString());
    }

    private static string Kind(string sql)
    {
        var s = sql.TrimStart();
        if (s.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal)) return "claim";
        if (s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) return "select";
        if (s.Contains("INSERT", StringComparison.OrdinalIgnoreCase) || s.Contains("UPDATE", StringComparison.OrdinalIgnoreCase)) return "write batch";
        return s.Split(' ', 2)[0].ToLowerInvariant();
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
#pragma warning disable CA2100 // bench SQL, no input
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
#pragma warning restore CA2100
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql)
    {
#pragma warning disable CA2100
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
#pragma warning restore CA2100
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
