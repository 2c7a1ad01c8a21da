using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Operations;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Indicators;

internal sealed class IndicatorOptions
{
    public const string Section = "Indicators";

    /// <summary>Whether this node folds request changes into the indicators (any number of nodes may; one folds at a time).</summary>
    public bool FolderEnabled { get; set; } = true;

    /// <summary>How often the folder looks for changes: the indicators are at most this late.</summary>
    public int FoldSeconds { get; set; } = 5;

    /// <summary>Change rows folded per transaction.</summary>
    public int FoldBatch { get; set; } = 5000;
}

/// <summary>
/// Folds <see cref="RequestStatChange"/> rows into <see cref="RequestDailyStat"/>: each batch, in one transaction,
/// adds its deltas to the rows of the request's unit and of every ancestor (one upsert per row touched) and deletes the
/// change rows it read, so a change is counted exactly once whatever fails. On PostgreSQL an advisory lock lets one
/// node fold at a time; deltas commute, so the order of changes does not matter.
/// </summary>
internal sealed class RequestStatsFolder(WaslDbContext db, IOptions<IndicatorOptions> options, DateDisplay dates) : IUnitMoveParticipant
{
    private const long AdvisoryLockKey = 0x5741534C_0005; // "WASL", indicators
    private const int RowsPerStatement = 200;
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public TimeZoneInfo Zone => dates.Zone;

    /// <summary>The day a request counts on: its submission date in the deployment's time zone.</summary>
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>Folds one batch; returns how many change rows it folded (0 when none waits or another node is folding).</summary>
    public async Task<int> FoldOnceAsync(CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                var got = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(ct);
                if (!got) return 0;
            }
            var changes = await db.Set<RequestStatChange>().AsNoTracking().OrderBy(c => c.Id).Take(Math.Max(1, options.Value.FoldBatch)).ToListAsync(ct);
            if (changes.Count == 0) return 0;
            var ancestors = await AncestorsAsync(ct);
            var deltas = new Dictionary<(int Unit, DateOnly Day, int Type, int Category), long[]>();
            foreach (var c in changes)
            {
                var day = DayOf(c.CreatedAt, Zone);
                var one = new long[StatColumns.Count];
                StatColumns.Add(c, one);
                foreach (var unit in ancestors.TryGetValue(c.UnitId, out var chain) ? chain : [c.UnitId])
                {
                    var key = (unit, day, (int)c.Type, c.CategoryId ?? 0);
                    if (!deltas.TryGetValue(key, out var sum)) deltas[key] = sum = new long[StatColumns.Count];
                    for (var i = 0; i < one.Length; i++) sum[i] += one[i];
                }
            }
            var rows = deltas.Where(d => d.Value.Any(v => v != 0)).OrderBy(d => d.Key).ToList();
            for (var i = 0; i < rows.Count; i += RowsPerStatement)
                await db.Database.ExecuteSqlRawAsync(UpsertSql(rows.Skip(i).Take(RowsPerStatement)), ct);
            foreach (var range in Ranges(changes.Select(c => c.Id)))
                await db.Database.ExecuteSqlRawAsync(string.Create(CultureInfo.InvariantCulture, $"DELETE FROM \"RequestStatChanges\" WHERE \"Id\" BETWEEN {range.From} AND {range.To}"), ct);
            await tx.CommitAsync(ct);
            return changes.Count;
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>Folds until nothing waits (tests, the rebuild, the bench).</summary>
    public async Task<long> FoldAllAsync(CancellationToken ct)
    {
        long total = 0;
        int n;
        while ((n = await FoldOnceAsync(ct)) > 0) total += n;
        return total;
    }

    /// <summary>
    /// Starts the indicators over from the requests as they are (a first deployment, a check, the bench): the only path
    /// that reads the whole archive. PostgreSQL computes every row in one statement; SQLite queues one change row per
    /// request and folds them like any other.
    /// </summary>
    public async Task<long> RebuildAsync(CancellationToken ct)
    {
        // The one long statement of the application: it reads the archive once.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        if (db.Database.IsNpgsql()) return await RebuildSetBasedAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"RequestDailyStats\"", ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"RequestStatChanges\"", ct);
            await db.Database.ExecuteSqlRawAsync(EnqueueAllSql, ct);
            await tx.CommitAsync(ct);
        }
        return await FoldAllAsync(ct);
    }

    /// <summary>
    /// PostgreSQL: one <c>INSERT … SELECT … GROUP BY</c> from the requests joined to each unit's ancestors, computing
    /// every measure as <see cref="StatColumns.Add"/> does (the property test holds both to the same brute force), with
    /// the day taken in the deployment's time zone by the database's own zone rules.
    /// </summary>
    private async Task<long> RebuildSetBasedAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '256MB'", ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"RequestDailyStats\"", ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"RequestStatChanges\"", ct);
        await db.Database.ExecuteSqlRawAsync("CREATE TEMP TABLE wasl_unit_ancestors (\"UnitId\" integer NOT NULL, \"AncestorId\" integer NOT NULL) ON COMMIT DROP", ct);
        var pairs = (await AncestorsAsync(ct)).SelectMany(u => u.Value.Select(a => (u.Key, a))).ToList();
        for (var i = 0; i < pairs.Count; i += 1000)
        {
            // Integers only, from the units' own ids.
            var insert = "INSERT INTO wasl_unit_ancestors VALUES " + string.Join(',', pairs.Skip(i).Take(1000).Select(p => string.Create(CultureInfo.InvariantCulture, $"({p.Key},{p.a})")));
            await db.Database.ExecuteSqlRawAsync(insert, ct);
        }
        await db.Database.ExecuteSqlRawAsync("ANALYZE wasl_unit_ancestors", ct);
        var sb = new StringBuilder("INSERT INTO \"RequestDailyStats\" (\"UnitId\", \"Day\", \"Type\", \"CategoryId\"");
        foreach (var name in StatColumns.Names) sb.Append(", \"").Append(name).Append('"');
        sb.Append(") SELECT a.\"AncestorId\", (r.\"CreatedAt\" AT TIME ZONE {0})::date, CASE r.\"Type\"");
        foreach (var type in Enum.GetValues<RequestType>()) sb.Append(CultureInfo.InvariantCulture, $" WHEN '{type}' THEN {(int)type}");
        sb.Append(" END, COALESCE(r.\"CategoryId\", 0)");
        foreach (var expression in MeasureExpressions()) sb.Append(", ").Append(expression);
        // Written in key order: a unit's period then sits on few pages, not one page per row.
        sb.Append(" FROM \"Requests\" r JOIN wasl_unit_ancestors a ON a.\"UnitId\" = r.\"UnitId\" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
        await db.Database.ExecuteSqlRawAsync(sb.ToString(), [Zone.Id], ct);
        var count = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM \"Requests\"").SingleAsync(ct);
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>The aggregate of each measure over a group of requests <c>r</c>, in <see cref="StatColumns.Names"/> order.</summary>
    private static IEnumerable<string> MeasureExpressions()
    {
        static string Count(string condition) => $"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)";
        const string finished = "r.\"Status\" IN ('Resolved', 'Closed')";
        yield return "COUNT(*)";
        foreach (var status in StatColumns.Statuses) yield return Count($"r.\"Status\" = '{status}'");
        yield return "COUNT(r.\"FirstResponseMinutes\")";
        yield return "COALESCE(SUM(r.\"FirstResponseMinutes\"), 0)";
        yield return "COUNT(r.\"ResolutionMinutes\")";
        yield return "COALESCE(SUM(r.\"ResolutionMinutes\"), 0)";
        yield return Count($"r.\"ResolvedLate\" IS NOT NULL AND {finished}");
        yield return Count($"r.\"ResolvedLate\" = FALSE AND {finished}");
        yield return "COALESCE(SUM(r.\"EscalationCount\"), 0)";
        yield return Count("r.\"EscalationCount\" > 0");
        yield return "COUNT(r.\"ResolvedAt\")";
        yield return "COUNT(r.\"ObjectedAt\")";
        for (var score = 1; score <= 5; score++) yield return Count(string.Create(CultureInfo.InvariantCulture, $"r.\"SatisfactionScore\" = {score}"));
        yield return "COUNT(r.\"Latitude\")";
        foreach (var column in new[] { "FirstResponseMinutes", "ResolutionMinutes" })
        {
            var bounds = StatColumns.BucketBounds;
            for (var i = 0; i < bounds.Length; i++)
            {
                var low = i == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"r.\"{column}\" > {bounds[i - 1]}");
                var high = i == bounds.Length - 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"r.\"{column}\" <= {bounds[i]}");
                yield return Count(string.Join(" AND ", new[] { $"r.\"{column}\" IS NOT NULL", low, high }.Where(c => c.Length > 0)));
            }
        }
    }

    /// <summary>Every request as a +1 change row: also what migration 0014 runs once for the requests it finds.</summary>
    public const string EnqueueAllSql =
        "INSERT INTO \"RequestStatChanges\" (\"Sign\", \"UnitId\", \"CreatedAt\", \"Type\", \"CategoryId\", \"Status\", \"FirstResponseMinutes\", \"ResolutionMinutes\", \"ResolvedLate\", \"EscalationCount\", \"ResolvedAt\", \"ObjectedAt\", \"SatisfactionScore\", \"Latitude\") "
        + "SELECT 1, \"UnitId\", \"CreatedAt\", \"Type\", \"CategoryId\", \"Status\", \"FirstResponseMinutes\", \"ResolutionMinutes\", \"ResolvedLate\", \"EscalationCount\", \"ResolvedAt\", \"ObjectedAt\", \"SatisfactionScore\", \"Latitude\" FROM \"Requests\" ORDER BY \"Id\"";

    /// <summary>
    /// A unit moved: its rows (which sum its whole subtree) are taken from the ancestors it left and added to those it
    /// joined, in the move's transaction. Folding waits for it (the same advisory lock on PostgreSQL, the write lock on
    /// SQLite), so change rows folded before the move count under the old ancestors and are carried over here, and those
    /// folded after count under the new ones: the indicators stay exact without reading any request.
    /// </summary>
    public async Task UnitMovedAsync(int unitId, IReadOnlyList<int> oldAncestors, IReadOnlyList<int> newAncestors, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        foreach (var (ancestor, sign) in oldAncestors.Except(newAncestors).Select(a => (a, -1)).Concat(newAncestors.Except(oldAncestors).Select(a => (a, 1))))
        {
            var sb = new StringBuilder("INSERT INTO \"RequestDailyStats\" (\"UnitId\", \"Day\", \"Type\", \"CategoryId\"");
            foreach (var name in StatColumns.Names) sb.Append(", \"").Append(name).Append('"');
            sb.Append(CultureInfo.InvariantCulture, $") SELECT {ancestor}, \"Day\", \"Type\", \"CategoryId\"");
            foreach (var name in StatColumns.Names) sb.Append(CultureInfo.InvariantCulture, $", {sign} * \"{name}\"");
            sb.Append(CultureInfo.InvariantCulture, $" FROM \"RequestDailyStats\" WHERE \"UnitId\" = {unitId}");
            AppendAddOnConflict(sb);
            await db.Database.ExecuteSqlRawAsync(sb.ToString(), ct);
        }
    }

    private static void AppendAddOnConflict(StringBuilder sb)
    {
        sb.Append(" ON CONFLICT (\"UnitId\", \"Day\", \"Type\", \"CategoryId\") DO UPDATE SET ");
        var first = true;
        foreach (var name in StatColumns.Names)
        {
            if (!first) sb.Append(", ");
            first = false;
            sb.Append('"').Append(name).Append("\" = \"RequestDailyStats\".\"").Append(name).Append("\" + excluded.\"").Append(name).Append('"');
        }
    }

    /// <summary>Each unit with itself and its ancestors, from the materialized paths.</summary>
    private async Task<Dictionary<int, int[]>> AncestorsAsync(CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Path }).ToListAsync(ct);
        return units.ToDictionary(u => u.Id, u => u.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray());
    }

    private static string UpsertSql(IEnumerable<KeyValuePair<(int Unit, DateOnly Day, int Type, int Category), long[]>> rows)
    {
        var sb = new StringBuilder("INSERT INTO \"RequestDailyStats\" (\"UnitId\", \"Day\", \"Type\", \"CategoryId\"");
        foreach (var name in StatColumns.Names) sb.Append(", \"").Append(name).Append('"');
        sb.Append(") VALUES ");
        var first = true;
        foreach (var (key, values) in rows)
        {
            if (!first) sb.Append(',');
            first = false;
            // Integers and an ISO date only: literals cannot carry anything but numbers here.
            sb.Append(CultureInfo.InvariantCulture, $"({key.Unit},'{key.Day:yyyy-MM-dd}',{key.Type},{key.Category}");
            foreach (var v in values) sb.Append(',').Append(v.ToString(CultureInfo.InvariantCulture));
            sb.Append(')');
        }
        AppendAddOnConflict(sb);
        return sb.ToString();
    }

    /// <summary>The ids read, as runs of consecutive ids: a run never spans an id that was not read.</summary>
    private static IEnumerable<(long From, long To)> Ranges(IEnumerable<long> ids)
    {
        long? from = null, to = null;
        foreach (var id in ids.Order())
        {
            if (to is { } t && id == t + 1)
            {
                to = id;
                continue;
            }
            if (from is { } f) yield return (f, to!.Value);
            from = to = id;
        }
        if (from is { } ff) yield return (ff, to!.Value);
    }
}

/// <summary>Folds request changes into the indicators on every node, every <see cref="IndicatorOptions.FoldSeconds"/>.</summary>
internal sealed class RequestStatsWorker(IServiceScopeFactory scopes, IOptions<IndicatorOptions> options, TimeProvider clock, ILogger<RequestStatsWorker> log)
    : PollingWorker(clock, log)
{
    protected override bool Enabled => options.Value.FolderEnabled;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.FoldSeconds));

    protected override async Task TickAsync(CancellationToken ct)
    {
        int folded;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            folded = await scope.ServiceProvider.GetRequiredService<RequestStatsFolder>().FoldOnceAsync(ct);
        }
        while (folded >= options.Value.FoldBatch && !ct.IsCancellationRequested);
    }
}
