using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Modules.Requests.Indicators;

/// <summary>What the indicators are asked about: the units whose subtrees count, an inclusive period of days, and optionally a type and categories.</summary>
internal sealed record IndicatorScope(IReadOnlyList<int> UnitIds, DateOnly From, DateOnly To, RequestType? Type = null, IReadOnlyList<int>? CategoryIds = null);

/// <summary>The measures summed over a scope (indexed as <see cref="StatColumns"/>), with what is derived from them.</summary>
internal sealed class IndicatorFigures(long[] sums)
{
    public long this[int column] => sums[column];

    public long Received => sums[StatColumns.Received];

    public long Status(RequestStatus s) => sums[StatColumns.Status(s)];

    public long Resolved => Status(RequestStatus.Resolved);

    public long Closed => Status(RequestStatus.Closed);

    public long Open => Received - Resolved - Closed;

    /// <summary>Share of the finished requests (with a known outcome) resolved within their deadline; null when none.</summary>
    public double? OnTimeShare => sums[StatColumns.Timed] == 0 ? null : (double)sums[StatColumns.OnTime] / sums[StatColumns.Timed];

    public double? AverageAnswerMinutes => sums[StatColumns.Answered] == 0 ? null : (double)sums[StatColumns.AnswerMinutes] / sums[StatColumns.Answered];

    public double? AverageResolutionMinutes => sums[StatColumns.Resolutions] == 0 ? null : (double)sums[StatColumns.ResolutionMinutes] / sums[StatColumns.Resolutions];

    /// <summary>The 90th percentile (nearest rank) of the first-answer times, as the bucket that holds it; null when none.</summary>
    public int? Answer90Bucket => Percentile(StatColumns.FirstAnswerBucket, sums[StatColumns.Answered], 0.9);

    public int? Resolution90Bucket => Percentile(StatColumns.FirstResolutionBucket, sums[StatColumns.Resolutions], 0.9);

    public long Escalations => sums[StatColumns.Escalations];

    public long Escalated => sums[StatColumns.Escalated];

    /// <summary>Objections per request resolved at least once; null when none was resolved.</summary>
    public double? ObjectionRate => sums[StatColumns.ResolvedOnce] == 0 ? null : (double)sums[StatColumns.Objected] / sums[StatColumns.ResolvedOnce];

    public long Rated => Enumerable.Range(0, 5).Sum(i => sums[StatColumns.FirstScore + i]);

    public long Score(int score) => sums[StatColumns.FirstScore + score - 1];

    public double? AverageScore => Rated == 0 ? null : Enumerable.Range(1, 5).Sum(s => (double)s * Score(s)) / Rated;

    public long Located => sums[StatColumns.Located];

    private int? Percentile(int firstBucket, long count, double p)
    {
        if (count <= 0) return null;
        var rank = (long)Math.Ceiling(p * count);
        long seen = 0;
        for (var i = 0; i < StatColumns.BucketBounds.Length; i++)
        {
            seen += sums[firstBucket + i];
            if (seen >= rank) return i;
        }
        return StatColumns.BucketBounds.Length - 1;
    }
}

/// <summary>
/// Reads the indicators from the rows kept ready (<see cref="RequestDailyStat"/>): each question is one indexed range
/// per unit asked about, summed by the database; nothing here reads a request.
/// </summary>
internal sealed class IndicatorQuery(WaslDbContext db)
{
    public async Task<IndicatorFigures> TotalsAsync(IndicatorScope scope, CancellationToken ct)
    {
        var rows = await ReadAsync(Sql(scope, "", ""), ct);
        return new IndicatorFigures(rows.Count == 0 ? new long[StatColumns.Count] : rows[0].Sums);
    }

    /// <summary>The figures per type of request.</summary>
    public async Task<IReadOnlyList<(RequestType Type, IndicatorFigures Figures)>> ByTypeAsync(IndicatorScope scope, CancellationToken ct) =>
        [.. (await ReadAsync(Sql(scope, "\"Type\"", "\"Type\""), ct)).Select(r => ((RequestType)(int)r.Key, new IndicatorFigures(r.Sums))).OrderBy(r => r.Item1)];

    /// <summary>The categories with the most requests received (0 = no category), most first.</summary>
    public async Task<IReadOnlyList<(int CategoryId, IndicatorFigures Figures)>> TopCategoriesAsync(IndicatorScope scope, int top, CancellationToken ct) =>
        [.. (await ReadAsync(Sql(scope, "\"CategoryId\"", "\"CategoryId\""), ct)).Select(r => ((int)r.Key, new IndicatorFigures(r.Sums)))
            .Where(r => r.Item2.Received > 0).OrderByDescending(r => r.Item2.Received).ThenBy(r => r.Item1).Take(top)];

    /// <summary>The figures per day of submission (days with none are absent).</summary>
    public async Task<IReadOnlyList<(DateOnly Day, IndicatorFigures Figures)>> ByDayAsync(IndicatorScope scope, CancellationToken ct) =>
        [.. (await ReadAsync(Sql(scope, "\"Day\"", "\"Day\""), ct)).Select(r => ((DateOnly)r.Key, new IndicatorFigures(r.Sums))).OrderBy(r => r.Item1)];

    private static string Sql(IndicatorScope scope, string key, string groupBy)
    {
        var sb = new StringBuilder("SELECT ");
        sb.Append(key.Length == 0 ? "0" : key);
        // PostgreSQL sums bigints as numeric: the cast keeps 65 columns × hundreds of rows plain 8-byte integers on the wire.
        foreach (var name in StatColumns.Names) sb.Append(", CAST(SUM(\"").Append(name).Append("\") AS BIGINT)");
        sb.Append(" FROM \"RequestDailyStats\" WHERE ");
        // Ids and ISO dates only, from typed values: literals that cannot carry anything else.
        sb.Append("\"UnitId\" IN (").AppendJoin(',', scope.UnitIds.DefaultIfEmpty(-1).Select(i => i.ToString(CultureInfo.InvariantCulture))).Append(')');
        sb.Append(CultureInfo.InvariantCulture, $" AND \"Day\" >= '{scope.From:yyyy-MM-dd}' AND \"Day\" <= '{scope.To:yyyy-MM-dd}'");
        if (scope.Type is { } t) sb.Append(CultureInfo.InvariantCulture, $" AND \"Type\" = {(int)t}");
        if (scope.CategoryIds is { } cats)
            sb.Append(" AND \"CategoryId\" IN (").AppendJoin(',', cats.DefaultIfEmpty(-1).Select(i => i.ToString(CultureInfo.InvariantCulture))).Append(')');
        if (groupBy.Length > 0) sb.Append(" GROUP BY ").Append(groupBy);
        return sb.ToString();
    }

    private async Task<List<(object Key, long[] Sums)>> ReadAsync(string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<(object, long[])>();
            while (await reader.ReadAsync(ct))
            {
                var sums = new long[StatColumns.Count];
                var any = false;
                for (var i = 0; i < sums.Length; i++)
                {
                    if (reader.IsDBNull(i + 1)) continue;
                    any = true;
                    sums[i] = Convert.ToInt64(reader.GetValue(i + 1), CultureInfo.InvariantCulture);
                }
                if (!any) continue;
                rows.Add((Key(reader), sums));
            }
            return rows;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private static object Key(DbDataReader reader)
    {
        var v = reader.GetValue(0);
        return v switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToInt32(v, CultureInfo.InvariantCulture),
        };
    }
}
