using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Pages;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// The shared scope filter and the capped count (issue 12, point 8): whichever form <see cref="UnitScope"/> takes (the
/// whole tree, a list of unit ids, the subtree joined), lists and counts hold exactly the requests of the person's
/// subtrees; the "mine" count is right when the person holds nothing, some, and around the cap.
/// </summary>
public abstract class ScopedListTests(AppFixture fixture)
{
    private async Task<T> AsAsync<T>(string userName, Func<IServiceProvider, Task<T>> run)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var id = await sp.GetRequiredService<WaslDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        var http = sp.GetRequiredService<IHttpContextAccessor>();
        http.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "test")),
            RequestServices = sp,
        };
        try
        {
            return await run(sp);
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    private async Task<Guid> UserIdAsync(string userName)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Requests written directly: one per (unit code, status, assignee).</summary>
    private Task<List<long>> AddAsync(params (string Unit, RequestStatus Status, Guid? Assignee)[] rows) =>
        AddAsync("طلب لاختبار نطاق القوائم.", rows);

    private async Task<List<long>> AddAsync(string description, params (string Unit, RequestStatus Status, Guid? Assignee)[] rows)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
        var now = fixture.App.Clock.GetUtcNow();
        var added = rows.Select(r => new Request
        {
            Number = "SC" + Guid.NewGuid().ToString("N")[..20],
            Type = RequestType.Complaint,
            Subject = "نطاق القوائم",
            Description = description,
            SearchText = SearchText.IndexForm("نطاق القوائم", description),
            Status = r.Status,
            Importance = Importance.Normal,
            Channel = IntakeChannel.Portal,
            UnitId = units[r.Unit],
            RequesterName = "مختبر",
            RequesterRole = RequesterRole.Parent,
            CreatedAt = now,
            UpdatedAt = now,
            AssigneeId = r.Assignee,
        }).ToList();
        db.Set<Request>().AddRange(added);
        await db.SaveChangesAsync();
        return [.. added.Select(r => r.Id)];
    }

    private static async Task<long[]> IdsAsync(IQueryable<Request> query) => [.. (await query.Select(r => r.Id).ToListAsync()).Order()];

    [SkippableFact]
    public async Task Every_form_of_the_scope_selects_exactly_the_requests_of_the_persons_subtrees()
    {
        fixture.Require();
        await AddAsync(("MOE", RequestStatus.New, null), ("RIY", RequestStatus.New, null), ("RIY-S1", RequestStatus.UnderStudy, null),
            ("RIY-S2", RequestStatus.Closed, null), ("MKK", RequestStatus.New, null));

        // administrator and supervisor: at the root; coordinator(2): a directorate; principal: no viewing right at all.
        foreach (var (user, form) in new[] { ("admin", "everything"), ("supervisor", "everything"), ("coordinator", "listed"), ("coordinator2", "listed"), ("principal", "nothing") })
        {
            await AsAsync(user, async sp =>
            {
                var db = sp.GetRequiredService<WaslDbContext>();
                var org = sp.GetRequiredService<OrgAccess>();
                var paths = await org.ScopesAsync(OrgRight.View, CancellationToken.None);
                var unitPaths = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Path);
                var expected = (await db.Set<Request>().Select(r => new { r.Id, r.UnitId }).ToListAsync())
                    .Where(r => OrgAccess.Covers(paths, unitPaths[r.UnitId])).Select(r => r.Id).Order().ToArray();

                var scope = await org.ScopeAsync(OrgRight.View, CancellationToken.None);
                Assert.Equal(form == "everything", scope.IsEverything);
                if (form == "nothing") Assert.Empty(scope.Ids!);
                if (form == "listed") Assert.Equal(await scope.Units.CountAsync(), scope.Ids!.Count);

                // The chosen form, the same scope as a list of ids, and the subtree joined: one answer.
                var listed = await scope.Units.Select(u => u.Id).ToListAsync();
                Assert.Equal(expected, await IdsAsync(scope.Filter(db.Set<Request>(), r => r.UnitId)));
                if (!scope.IsEverything) Assert.Equal(expected, await IdsAsync(new UnitScope(false, listed, scope.Units).Filter(db.Set<Request>(), r => r.UnitId)));
                Assert.Equal(expected, await IdsAsync(new UnitScope(false, null, scope.Units).Filter(db.Set<Request>(), r => r.UnitId)));
                Assert.Equal(expected, await IdsAsync(await sp.GetRequiredService<RequestAccess>().VisibleToStaffAsync(CancellationToken.None)));
                if (form != "nothing") Assert.NotEmpty(expected);
                if (form == "listed") Assert.True(expected.Length < await db.Set<Request>().CountAsync());
                return 0;
            });
        }

        // A subtree with more units than the list takes: the scope joins the subtree, with the same answer.
        foreach (var limit in new[] { 0, 1, 2 })
        {
            var (joined, listedIds, visible) = await AsAsync("coordinator", async sp =>
            {
                var org = sp.GetRequiredService<OrgAccess>();
                org.MaxListedUnits = limit;
                var scope = await org.ScopeAsync(OrgRight.View, CancellationToken.None);
                var unitCount = await scope.Units.CountAsync();
                return (scope.Ids is null, unitCount, await IdsAsync(await sp.GetRequiredService<RequestAccess>().VisibleToStaffAsync(CancellationToken.None)));
            });
            Assert.True(joined, $"more than {limit} units must join the subtree");
            Assert.True(listedIds > limit);
            var reference = await AsAsync("coordinator", async sp => await IdsAsync(await sp.GetRequiredService<RequestAccess>().VisibleToStaffAsync(CancellationToken.None)));
            Assert.Equal(reference, visible);
        }
    }

    private Task<IReadOnlyDictionary<QueueKind, int>> CountsAsync(string user) => AsAsync(user, async sp =>
    {
        var page = ActivatorUtilities.CreateInstance<QueueModel>(sp);
        page.Queue = QueueKind.Mine;
        Assert.IsType<PageResult>(await page.OnGetAsync(CancellationToken.None));
        return page.Counts;
    });

    private Task<long[]> MineRowsAsync(string user) => AsAsync(user, async sp =>
    {
        var page = ActivatorUtilities.CreateInstance<QueueModel>(sp);
        page.Queue = QueueKind.Mine;
        Assert.IsType<PageResult>(await page.OnGetAsync(CancellationToken.None));
        return page.Rows.Select(r => r.Id).Order().ToArray();
    });

    [SkippableFact]
    public async Task Mine_counts_what_the_person_holds_in_scope_from_nothing_to_past_the_cap()
    {
        fixture.Require();
        var me = await UserIdAsync("coordinator2");
        var other = await UserIdAsync("coordinator");
        // Others hold requests in my directorate; I hold nothing yet.
        await AddAsync(("MKK", RequestStatus.UnderStudy, other), ("MKK", RequestStatus.New, other));
        Assert.Equal(0, (await CountsAsync("coordinator2"))[QueueKind.Mine]);
        Assert.Empty(await MineRowsAsync("coordinator2"));

        // Open ones in scope count; a closed one and one outside my directorate (held by me, moved away) do not.
        var mine = await AddAsync(("MKK", RequestStatus.UnderStudy, me), ("MKK", RequestStatus.Escalated, me), ("MKK", RequestStatus.AwaitingRequester, me));
        await AddAsync(("MKK", RequestStatus.Closed, me), ("MKK", RequestStatus.Resolved, me), ("RIY", RequestStatus.UnderStudy, me));
        Assert.Equal(3, (await CountsAsync("coordinator2"))[QueueKind.Mine]);
        Assert.Equal(mine.Order().ToArray(), await MineRowsAsync("coordinator2"));

        // The capped count: below, at and above the cap (cap + 1 means "more than the cap").
        foreach (var (cap, count) in new[] { (0, 1), (1, 2), (2, 3), (3, 3), (4, 3) })
        {
            Assert.Equal(count, await AsAsync("coordinator2", async sp =>
            {
                var visible = await sp.GetRequiredService<RequestAccess>().VisibleToStaffAsync(CancellationToken.None);
                return await visible.Where(r => r.AssigneeId == me && r.Status != RequestStatus.Resolved && r.Status != RequestStatus.Closed)
                    .CountCappedAsync(cap, CancellationToken.None);
            }));
        }
    }

    [SkippableFact]
    public async Task A_frequent_word_searched_within_one_unit_walks_that_unit_and_finds_the_same_requests()
    {
        fixture.Require();
        var inSchool = await AddAsync("تسرب مياه البرادة في الساحة.", ("RIY-S1", RequestStatus.New, null), ("RIY-S1", RequestStatus.Closed, null), ("RIY-S1", RequestStatus.UnderStudy, null));
        await AddAsync("تسرب مياه البرادة في الساحة.", ("RIY-S2", RequestStatus.New, null), ("MKK", RequestStatus.New, null));
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var school = await db.Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        var oneUnit = new UnitScope(false, [school], db.Units.Where(u => u.Id == school));
        var terms = SearchText.QueryTerms("البرادة");
        // A cap of 1 makes the word frequent: with a one-unit scope PostgreSQL walks the unit; without, the national match.
        var search = new RequestSearch(db, Options.Create(new RequestsOptions { SearchRareCap = 1 }));
        var walked = await IdsAsync(oneUnit.Filter(await search.MatchingAsync(terms, oneUnit, CancellationToken.None), r => r.UnitId));
        var matched = await IdsAsync(oneUnit.Filter(await search.MatchingAsync(terms, null, CancellationToken.None), r => r.UnitId));
        Assert.Equal(inSchool.Order().ToArray(), walked);
        Assert.Equal(matched, walked);
    }
}

public sealed class ScopedListTestsOnSqlite(SqliteAppFixture f) : ScopedListTests(f), IClassFixture<SqliteAppFixture>;

public sealed class ScopedListTestsOnPostgres(PostgresAppFixture f) : ScopedListTests(f), IClassFixture<PostgresAppFixture>;
