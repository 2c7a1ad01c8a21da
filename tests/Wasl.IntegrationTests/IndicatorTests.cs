using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Indicators;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// The indicators kept ready equal a brute-force count over the raw requests (issue 5): random requests over units,
/// types, categories and days (the deployment zone's midnights included), then random status changes, escalations, forwards,
/// resolutions, ratings, objections and a save that loses a version race, each checked after folding, for many scopes
/// (the ministry, a directorate, a school; whole range, a month, one day; with and without type and category).
/// </summary>
public abstract class IndicatorTests(AppFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Clock", "Zone")] // fixed dates: the deployment zone alone decides their days
    public async Task Every_indicator_equals_a_brute_force_count_after_random_changes()
    {
        fixture.Require();
        var random = new Random(20261207);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var units = await db.Units.AsNoTracking().Select(u => u.Id).ToListAsync();
            var categories = await db.Set<Category>().AsNoTracking().Select(c => new { c.Id, c.Type }).ToListAsync();
            for (var batch = 0; batch < 4; batch++)
            {
                for (var i = 0; i < 60; i++)
                {
                    var type = (RequestType)random.Next(4);
                    var cats = categories.Where(c => c.Type == type).Select(c => (int?)c.Id).Append(null).ToList();
                    var n = batch * 100 + i;
                    db.Add(new Request
                    {
                        Number = "IND-" + n.ToString(CultureInfo.InvariantCulture),
                        Type = type,
                        CategoryId = cats[random.Next(cats.Count)],
                        Subject = "طلب " + n.ToString(CultureInfo.InvariantCulture),
                        Description = "تفاصيل",
                        SearchText = "طلب",
                        RequesterName = "مقدم",
                        UnitId = units[random.Next(units.Count)],
                        // Minutes over three months: days cut at the deployment's midnight, not the UTC one.
                        CreatedAt = Start.AddMinutes(random.Next(90 * 24 * 60)),
                        UpdatedAt = Start,
                        Latitude = random.Next(3) == 0 ? 24.7 : null,
                        Longitude = 46.7,
                    });
                }
                await db.SaveChangesAsync();
            }
        }
        await CheckAsync();

        for (var round = 0; round < 3; round++)
        {
            await MutateAsync(random);
            // A school (its requests' changes still unfolded) moves to another directorate, and back in the last round.
            if (round >= 1) await MoveSchoolAsync(round == 1);
            await CheckAsync();
        }

        // A save that loses the version race writes no change row; the retry counts once.
        long id;
        using (var a = fixture.App.Services.CreateScope())
        using (var b = fixture.App.Services.CreateScope())
        {
            var dbA = a.ServiceProvider.GetRequiredService<WaslDbContext>();
            var dbB = b.ServiceProvider.GetRequiredService<WaslDbContext>();
            var ra = await dbA.Set<Request>().Where(r => r.Number.StartsWith("IND-") && r.Status == RequestStatus.New).OrderBy(r => r.Id).FirstAsync();
            id = ra.Id;
            var rb = await dbB.Set<Request>().SingleAsync(r => r.Id == id);
            ra.Take(Guid.NewGuid());
            ra.Version++;
            await dbA.SaveChangesAsync();
            rb.Resolve("تم", Start.AddDays(100));
            rb.ResolutionMinutes = 300;
            rb.ResolvedLate = false;
            rb.Version++;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
            await dbB.Entry(rb).ReloadAsync();
            rb.Resolve("تم", Start.AddDays(100));
            rb.ResolutionMinutes = 300;
            rb.ResolvedLate = false;
            rb.Version++;
            await dbB.SaveChangesAsync();
        }
        await CheckAsync();

        // The rebuild from the requests as they are gives the same figures.
        using (var scope = fixture.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RequestStatsFolder>().RebuildAsync(CancellationToken.None);
        await CheckAsync(fold: false);
    }

    private async Task MoveSchoolAsync(bool away)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var school = await db.Units.SingleAsync(u => u.Code == "RIY-S1");
        var parent = await db.Units.SingleAsync(u => u.Code == (away ? "MKK" : "RIY"));
        Assert.True(await db.Set<Request>().AnyAsync(r => r.UnitId == school.Id));
        Assert.True(await new UnitTree(db, scope.ServiceProvider.GetServices<IUnitMoveParticipant>()).MoveAsync(school, parent, CancellationToken.None));
    }

    private async Task MutateAsync(Random random)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var parents = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId);
        var units = parents.Keys.ToList();
        var requests = await db.Set<Request>().Where(r => r.Number.StartsWith("IND-")).OrderBy(r => r.Id).ToListAsync();
        foreach (var r in requests.Where(_ => random.Next(3) == 0))
        {
            try
            {
                switch (random.Next(9))
                {
                    case 0:
                        r.Take(Guid.NewGuid());
                        r.FirstResponseMinutes ??= random.Next(10, 3000);
                        break;
                    case 1:
                        r.EscalateTo(parents[r.UnitId]);
                        break;
                    case 2:
                        r.ForwardTo(units[random.Next(units.Count)]);
                        break;
                    case 3:
                        r.AskRequester();
                        r.FirstResponseMinutes ??= random.Next(10, 3000);
                        break;
                    case 4 or 5:
                        r.Resolve("تمت المعالجة", Start.AddDays(100));
                        r.FirstResponseMinutes ??= random.Next(10, 3000);
                        r.ResolutionMinutes = random.Next(10, 30000);
                        r.ResolvedLate = random.Next(4) == 0;
                        break;
                    case 6:
                        r.Close();
                        break;
                    case 7:
                        r.Rate(random.Next(1, 6));
                        break;
                    default:
                        r.RaiseObjection(Start.AddDays(101), TimeSpan.FromDays(14), parents[r.UnitId]);
                        r.ResolutionMinutes = null;
                        r.ResolvedLate = null;
                        break;
                }
                r.Version++;
            }
            catch (BusinessRuleException)
            {
                // Not allowed in its state: nothing changed.
            }
        }
        await db.SaveChangesAsync();
    }

    private sealed record Row(int UnitId, string Path, DateOnly Day, RequestType Type, int? CategoryId, RequestStatus Status, int? FirstResponseMinutes,
        int? ResolutionMinutes, bool? ResolvedLate, int EscalationCount, bool ResolvedOnce, bool Objected, int? Score, bool Located);

    private async Task CheckAsync(bool fold = true)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        if (fold) await scope.ServiceProvider.GetRequiredService<RequestStatsFolder>().FoldAllAsync(CancellationToken.None);
        Assert.Equal(0, await db.Set<RequestStatChange>().CountAsync());
        var query = scope.ServiceProvider.GetRequiredService<IndicatorQuery>();
        var paths = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Path);
        // Days in the deployment's zone (Riyadh unless WASL_TEST_ZONE says otherwise), as the folder counts them.
        var zone = fixture.App.Zone;
        var rows = (await db.Set<Request>().AsNoTracking().ToListAsync())
            .Select(r => new Row(r.UnitId, paths[r.UnitId], DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime), r.Type, r.CategoryId, r.Status,
                r.FirstResponseMinutes, r.ResolutionMinutes, r.ResolvedLate, r.EscalationCount, r.ResolvedAt != null, r.ObjectedAt != null, r.SatisfactionScore, r.Latitude != null))
            .ToList();
        var root = await db.Units.AsNoTracking().Where(u => u.ParentId == null).Select(u => u.Id).FirstAsync();
        var directorate = await db.Units.AsNoTracking().Where(u => u.ParentId == root).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        var school = rows.Where(r => r.Path.Contains("/" + directorate.ToString(CultureInfo.InvariantCulture) + "/", StringComparison.Ordinal) && r.UnitId != directorate)
            .GroupBy(r => r.UnitId).OrderByDescending(g => g.Count()).Select(g => g.Key).First();
        var busiestCategory = rows.Where(r => r.CategoryId != null).GroupBy(r => r.CategoryId!.Value).OrderByDescending(g => g.Count()).First().Key;
        var periods = new[] { (new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1)), (new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28)), (new DateOnly(2027, 1, 15), new DateOnly(2027, 1, 15)) };
        var checkedScopes = 0;
        foreach (var unit in new[] { root, directorate, school })
        {
            foreach (var (from, to) in periods)
            {
                foreach (var (type, cats) in new (RequestType?, int[]?)[] { (null, null), (RequestType.Complaint, null), (null, [busiestCategory]) })
                {
                    var scopeOf = new IndicatorScope([unit], from, to, type, cats);
                    var expected = rows.Where(r => r.Path.Contains("/" + unit.ToString(CultureInfo.InvariantCulture) + "/", StringComparison.Ordinal)
                        && r.Day >= from && r.Day <= to && (type is null || r.Type == type) && (cats is null || cats.Contains(r.CategoryId ?? 0))).ToList();
                    var what = $"unit {unit}, {from}..{to}, type {type}, categories {(cats is null ? "-" : string.Join(',', cats))}";
                    Same(expected, await query.TotalsAsync(scopeOf, CancellationToken.None), what);
                    foreach (var (t, figures) in await query.ByTypeAsync(scopeOf, CancellationToken.None))
                        Same([.. expected.Where(r => r.Type == t)], figures, what + " by type " + t);
                    Assert.Equal(expected.Select(r => r.Type).Distinct().Count(), (await query.ByTypeAsync(scopeOf, CancellationToken.None)).Count(x => x.Figures.Received > 0));
                    var top = await query.TopCategoriesAsync(scopeOf, 5, CancellationToken.None);
                    var expectedTop = expected.GroupBy(r => r.CategoryId ?? 0).Select(g => (g.Key, Count: (long)g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Key).Take(5).ToList();
                    Assert.Equal(expectedTop, top.Select(x => (x.CategoryId, x.Figures.Received)).ToList());
                    var days = await query.ByDayAsync(scopeOf, CancellationToken.None);
                    Assert.Equal(expected.GroupBy(r => r.Day).Select(g => (g.Key, (long)g.Count())).OrderBy(g => g.Key).ToList(),
                        days.Where(d => d.Figures.Received > 0).Select(d => (d.Day, d.Figures.Received)).ToList());
                    checkedScopes++;
                }
            }
        }
        Assert.Equal(27, checkedScopes);
    }

    private static void Same(List<Row> expected, IndicatorFigures actual, string what)
    {
        Assert.True(expected.Count == actual.Received, $"received, {what}: {expected.Count} != {actual.Received}");
        foreach (var status in Enum.GetValues<RequestStatus>())
            Assert.True(expected.Count(r => r.Status == status) == actual.Status(status), $"{status}, {what}");
        var finished = expected.Where(r => r.Status is RequestStatus.Resolved or RequestStatus.Closed && r.ResolvedLate != null).ToList();
        Assert.Equal(finished.Count == 0 ? null : (double)finished.Count(r => r.ResolvedLate == false) / finished.Count, actual.OnTimeShare);
        var answers = expected.Where(r => r.FirstResponseMinutes != null).Select(r => r.FirstResponseMinutes!.Value).Order().ToList();
        Assert.Equal(answers.Count == 0 ? null : answers.Average(), actual.AverageAnswerMinutes);
        Assert.Equal(answers.Count == 0 ? null : StatColumns.Bucket(NearestRank(answers, 0.9)), actual.Answer90Bucket);
        var resolutions = expected.Where(r => r.ResolutionMinutes != null).Select(r => r.ResolutionMinutes!.Value).Order().ToList();
        Assert.Equal(resolutions.Count == 0 ? null : resolutions.Average(), actual.AverageResolutionMinutes);
        Assert.Equal(resolutions.Count == 0 ? null : StatColumns.Bucket(NearestRank(resolutions, 0.9)), actual.Resolution90Bucket);
        Assert.Equal(expected.Sum(r => (long)r.EscalationCount), actual.Escalations);
        Assert.Equal(expected.Count(r => r.EscalationCount > 0), actual.Escalated);
        var resolvedOnce = expected.Count(r => r.ResolvedOnce);
        Assert.Equal(resolvedOnce == 0 ? null : (double)expected.Count(r => r.Objected) / resolvedOnce, actual.ObjectionRate);
        var scores = expected.Where(r => r.Score != null).Select(r => r.Score!.Value).ToList();
        Assert.Equal(scores.Count == 0 ? null : scores.Average(), actual.AverageScore);
        Assert.Equal(expected.Count(r => r.Located), actual.Located);
    }

    private static int NearestRank(List<int> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
}

public sealed class IndicatorTestsOnSqlite(SqliteAppFixture f) : IndicatorTests(f), IClassFixture<SqliteAppFixture>;

public sealed class IndicatorTestsOnPostgres(PostgresAppFixture f) : IndicatorTests(f), IClassFixture<PostgresAppFixture>;
