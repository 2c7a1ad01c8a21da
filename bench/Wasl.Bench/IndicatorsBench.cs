using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Wasl.Web.Modules.Requests.Indicators;
using Wasl.Web.Platform.Data;

namespace Wasl.Bench;

/// <summary>
/// Builds the indicators of the generated requests with the app's own <see cref="RequestStatsFolder.RebuildAsync"/>
/// (one +1 change row per request by INSERT … SELECT, then folded in batches of IndicatorOptions.FoldBatch), timed,
/// with the database time of each kind of statement it sent; then the size of what it built. The indicator
/// scenarios of <c>queries</c> read these rows.
/// </summary>
internal static class IndicatorsBench
{
    public static async Task RunAsync(string connectionString, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var timer = new StatementTimer();
        await using var app = await AppHost.BuildAsync(connectionString, extra: timer);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var conn = await dataSource.OpenConnectionAsync();
        var requests = await Generator.ScalarAsync<long>(conn, """SELECT count(*) FROM "Requests" """);

        long folded;
        var clock = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The app's DbContext keeps Npgsql's 30 s command timeout; the INSERT … SELECT of every request can take
            // longer than that on a large archive, so the bench lifts it on this context (a finding, see the notes).
            scope.ServiceProvider.GetRequiredService<WaslDbContext>().Database.SetCommandTimeout(TimeSpan.FromHours(2));
            var folder = scope.ServiceProvider.GetRequiredService<RequestStatsFolder>();
            folded = await folder.RebuildAsync(CancellationToken.None);
        }
        var seconds = clock.Elapsed.TotalSeconds;

        var analyze = Stopwatch.StartNew();
        await Generator.ExecAsync(conn, """VACUUM (ANALYZE) "RequestDailyStats", "RequestStatChanges" """);
        var analyzeSeconds = analyze.Elapsed.TotalSeconds;
        var statRows = await Generator.ScalarAsync<long>(conn, """SELECT count(*) FROM "RequestDailyStats" """);
        var size = await Generator.ScalarAsync<long>(conn, """SELECT pg_total_relation_size('"RequestDailyStats"')""");
        var pretty = await Generator.ScalarAsync<string>(conn, """SELECT pg_size_pretty(pg_total_relation_size('"RequestDailyStats"'))""");
        var byDepth = new StringBuilder();
        await using (var cmd = new NpgsqlCommand("""
            SELECT u."Depth", count(*), count(DISTINCT s."UnitId") FROM "RequestDailyStats" s JOIN "Units" u ON u."Id" = s."UnitId" GROUP BY u."Depth" ORDER BY 1
            """, conn) { CommandTimeout = 0 })
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                byDepth.Append(CultureInfo.InvariantCulture, $"  depth {reader.GetInt32(0)}: {reader.GetInt64(1):N0} rows over {reader.GetInt64(2):N0} units\n");
        }
        var received = await Generator.ScalarAsync<long>(conn, """SELECT coalesce(sum("Received"), 0)::bigint FROM "RequestDailyStats" WHERE "UnitId" = 1""");

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"requests: {requests:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"RequestStatsFolder.RebuildAsync: {seconds:F1} s, {folded:N0} change rows folded, {folded / seconds:N0} rows/s (FoldBatch {app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IndicatorOptions>>().Value.FoldBatch:N0})");
        text.AppendLine("database time by statement (sum of EF's command durations; the rest is the app's folding in memory, reading results and commits):");
        text.Append(timer.Report());
        text.AppendLine(CultureInfo.InvariantCulture, $"VACUUM (ANALYZE) of the two tables afterwards: {analyzeSeconds:F1} s (not in the rebuild time)");
        text.AppendLine(CultureInfo.InvariantCulture, $"RequestDailyStats: {statRows:N0} rows, {pretty} ({size:N0} bytes with indexes and TOAST)");
        text.Append(byDepth);
        text.AppendLine(CultureInfo.InvariantCulture, $"check: the ministry's rows count {received:N0} requests received ({(received == requests ? "= requests" : "MISMATCH")})");
        Console.Write(text);
        await File.WriteAllTextAsync(Path.Combine(outDir, "indicators.txt"), text.ToString());
        if (received != requests) throw new InvalidOperationException("The rebuilt indicators do not count every request.");
    }

    /// <summary>Sums EF's own command durations by the kind of statement (the first words of its SQL).</summary>
    private sealed class StatementTimer : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<string, (int Count, double Ms)> _sums = new();

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }

        private void Add(DbCommand command, TimeSpan duration)
        {
            var sql = command.CommandText.TrimStart();
            var kind = sql.StartsWith("INSERT INTO \"RequestStatChanges\"", StringComparison.Ordinal) ? "enqueue: INSERT INTO RequestStatChanges SELECT … FROM Requests"
                : sql.StartsWith("INSERT INTO \"RequestDailyStats\"", StringComparison.Ordinal) && sql.Contains("GROUP BY", StringComparison.Ordinal) ? "rebuild: INSERT INTO RequestDailyStats SELECT … GROUP BY (PostgreSQL)"
                : sql.StartsWith("INSERT INTO \"RequestDailyStats\"", StringComparison.Ordinal) ? "fold: upsert RequestDailyStats (≤200 rows each)"
                : sql.StartsWith("DELETE FROM \"RequestStatChanges\" WHERE", StringComparison.Ordinal) ? "fold: delete the folded change rows"
                : sql.StartsWith("DELETE FROM", StringComparison.Ordinal) ? "rebuild: " + sql.Split('\n')[0]
                : sql.Contains("FROM \"RequestStatChanges\"", StringComparison.Ordinal) ? "fold: read a batch of change rows"
                : sql.Contains("pg_try_advisory_xact_lock", StringComparison.Ordinal) ? "fold: advisory lock"
                : sql.Contains("FROM \"Units\"", StringComparison.Ordinal) ? "fold: read the unit paths"
                : "other: " + (sql.Length > 50 ? sql[..50] : sql).ReplaceLineEndings(" ");
            _sums.AddOrUpdate(kind, (1, duration.TotalMilliseconds), (_, v) => (v.Count + 1, v.Ms + duration.TotalMilliseconds));
        }

        public string Report()
        {
            var sb = new StringBuilder();
            foreach (var (kind, (count, ms)) in _sums.OrderByDescending(kv => kv.Value.Ms))
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {ms / 1000,8:F1} s  {count,8:N0} x  {kind}");
            return sb.ToString();
        }
    }
}
