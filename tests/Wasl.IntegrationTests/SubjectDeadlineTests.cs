using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Identity;

namespace Wasl.Tests;

/// <summary>
/// Deadlines are per subject (issue 12 acceptance): besides requests, a second subject registered by the test (cases
/// kept in memory, with their own sweep on Platform's clock) has deadlines in the units' calendars. Moving a
/// holiday on a calendar page recomputes the deadlines of both. Saudi week in Riyadh, 35 working hours to resolve,
/// clock frozen on Sunday 21 November 2027 at 08:00.
/// </summary>
public abstract class SubjectDeadlineTests(AppFixture fixture)
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);

    private static DateTimeOffset Local(int month, int day, int hour) => new(2027, month, day, hour, 0, 0, Riyadh);

    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> read)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private Task<DateTimeOffset?> RequestDueAsync(string number) => DbAsync(db => db.Set<Request>().Where(r => r.Number == number).Select(r => r.DueAt).SingleAsync());

    /// <summary>Ticks the sweeper until no recompute job is open (each tick works one job per subject).</summary>
    private async Task SweepAsync()
    {
        for (var tick = 0; tick < 10 && await DbAsync(db => db.Set<DeadlineRecomputeJob>().AnyAsync(j => j.DoneAt == null)); tick++)
            await DeadlineSweeper.TickAsync(fixture.App.Services.GetRequiredService<IServiceScopeFactory>(), fixture.App.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value, CancellationToken.None);
    }

    private static string Url(int unitId) => $"/staff/admin/units/{unitId.ToString(CultureInfo.InvariantCulture)}/calendar";

    private static Dictionary<string, string> Holiday(DateOnly day) => new()
    {
        ["Holiday.Name"] = "إجازة طارئة",
        ["Holiday.EnteredIn"] = nameof(CalendarPreference.Gregorian),
        ["Holiday.From.Day"] = day.Day.ToString(CultureInfo.InvariantCulture),
        ["Holiday.From.Month"] = day.Month.ToString(CultureInfo.InvariantCulture),
        ["Holiday.From.Year"] = day.Year.ToString(CultureInfo.InvariantCulture),
    };

    [SkippableFact]
    public async Task Moving_a_holiday_recomputes_the_deadlines_of_every_subject()
    {
        fixture.Require();
        fixture.App.Clock.Freeze(Local(11, 21, 8));
        var directorate = await UnitIdAsync("RIY");
        try
        {
            var school = await UnitIdAsync("RIY-S1");
            string number;
            using (var scope = fixture.App.Services.CreateScope())
            {
                number = (await scope.ServiceProvider.GetRequiredService<RequestIntake>().SubmitAsync(new SubmitRequest(
                    RequestType.Complaint, null, school, "شكوى قبل إجازة طارئة", "تفاصيل الشكوى.", null, "ولي أمر", null, "+966551112233",
                    null, RequesterRole.Parent, IntakeChannel.Portal), CancellationToken.None)).Number;
            }
            var cases = fixture.App.Services.GetRequiredService<TestCases>();
            var item = await cases.OpenAsync(fixture.App.Services, school, fixture.App.Clock.GetUtcNow());
            // Sunday 6.5 h, Monday to Thursday 28 h, Sunday 0.5 h: Sunday 28th at 08:00 for both.
            Assert.Equal(Local(11, 28, 8), await RequestDueAsync(number));
            Assert.Equal(Local(11, 28, 8), item.DueAt);

            // The directorate's administrator gives it its own calendar and declares Wednesday 24th a holiday.
            var admin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-subjects-admin", "RIY", "+966500000791");
            var (_, page) = await admin.GetAsync(Url(directorate));
            if (page.QuerySelector("#holiday-form") is null)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, Url(directorate), new Dictionary<string, string>(), formSelector: "#calendar-form")).StatusCode);
                (_, page) = await admin.GetAsync(Url(directorate));
            }
            var added = await admin.SubmitAsync(page, Url(directorate), Holiday(new DateOnly(2027, 11, 24)), formSelector: "#holiday-form");
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            var open = await DbAsync(db => db.Set<DeadlineRecomputeJob>().Where(j => j.DoneAt == null && j.UnitId == directorate).Select(j => j.Subject).ToListAsync());
            Assert.Contains("Request", open);
            Assert.Contains(TestCaseSweep.Name, open);

            await SweepAsync();
            // The holiday takes a day out: Monday 29th at 08:00 for both.
            Assert.Equal(Local(11, 29, 8), await RequestDueAsync(number));
            Assert.Equal(Local(11, 29, 8), item.DueAt);

            // Moved to Wednesday 15 December (deleted, added again there): both are back to Sunday 28th.
            (_, page) = await admin.FollowAsync(added);
            var holiday = await DbAsync(db => db.Set<CalendarHoliday>().Where(h => h.StartsOn == new DateOnly(2027, 11, 24)).Select(h => h.Id).SingleAsync());
            var deleted = await admin.SubmitAsync(page, Url(directorate), new Dictionary<string, string>(), formSelector: $"#holiday-list tr[data-holiday='{holiday}'] form");
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            (_, page) = await admin.FollowAsync(deleted);
            Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, Url(directorate), Holiday(new DateOnly(2027, 12, 15)), formSelector: "#holiday-form")).StatusCode);
            await SweepAsync();
            Assert.Equal(Local(11, 28, 8), await RequestDueAsync(number));
            Assert.Equal(Local(11, 28, 8), item.DueAt);
            Assert.False(await DbAsync(db => db.Set<DeadlineRecomputeJob>().AnyAsync(j => j.DoneAt == null)));
        }
        finally
        {
            await DbAsync(async db =>
            {
                db.RemoveRange(await db.Set<UnitCalendar>().Where(c => c.UnitId == directorate).ToListAsync());
                return await db.SaveChangesAsync();
            });
            fixture.App.Services.GetRequiredService<WorkCalendars>().Invalidate();
            fixture.App.Clock.Reset();
        }
    }
}

/// <summary>A case of the test-only subject, received at a unit with 35 working hours to resolve.</summary>
internal sealed class TestCase(int unitId, DateTimeOffset receivedAt)
{
    public int UnitId { get; } = unitId;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;
    public DateTimeOffset? DueAt { get; set; }
}

/// <summary>A test-only subject with deadlines: its cases are kept in memory.</summary>
internal sealed class TestCases
{
    private enum Level { Normal }

    private readonly ConcurrentBag<TestCase> _cases = [];

    public IEnumerable<TestCase> All => _cases;

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<TestCases>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDeadlineSweep, TestCaseSweep>());
    }

    public async Task<TestCase> OpenAsync(IServiceProvider services, int unitId, DateTimeOffset at)
    {
        var item = new TestCase(unitId, at);
        item.DueAt = DueAt(await services.GetRequiredService<WorkCalendars>().CurrentAsync(CancellationToken.None), item);
        _cases.Add(item);
        return item;
    }

    /// <summary>The case's deadline by Platform's clock: its events are "received" and "placed at its unit".</summary>
    public static DateTimeOffset? DueAt(WorkCalendars.Snapshot snapshot, TestCase item) =>
        DeadlineClock.Replay(
            [new(ClockMove.Start, item.ReceivedAt), new(ClockMove.Place, item.ReceivedAt, item.UnitId)],
            Level.Normal, snapshot.For, _ => new ClockTargets(null, TimeSpan.FromHours(35), 75, BreachAction.Notify)).DueAt;
}

/// <summary>The test subject's sweep: nothing is ever due; a recompute job recomputes the cases under its unit.</summary>
internal sealed class TestCaseSweep(WaslDbContext db, WorkCalendars calendars, TestCases cases, TimeProvider clock) : IDeadlineSweep
{
    public const string Name = "Test.Case";

    public string Subject => Name;

    public Task<int> SweepOnceAsync(CancellationToken ct) => Task.FromResult(0);

    public async Task<int> RecomputeOnceAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = await DeadlineRecomputes.ClaimAsync(db, Subject, ct);
        if (job is null) return 0;
        var snapshot = await calendars.CurrentAsync(ct, job.Id);
        var handled = 0;
        foreach (var item in cases.All.Where(c => Under(snapshot, c.UnitId, job.UnitId)))
        {
            item.DueAt = TestCases.DueAt(snapshot, item);
            handled++;
        }
        job.DoneAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Math.Max(handled, 1);
    }

    private static bool Under(WorkCalendars.Snapshot snapshot, int unitId, int root)
    {
        for (int? u = unitId; u is { } id; u = snapshot.ParentOf(id))
            if (id == root) return true;
        return false;
    }
}

public sealed class SqliteSubjectsFixture() : AppFixture(DatabaseProvider.Sqlite, services: TestCases.Register);

public sealed class PostgresSubjectsFixture() : AppFixture(DatabaseProvider.PostgreSQL, services: TestCases.Register);

public sealed class SubjectDeadlineTestsOnSqlite(SqliteSubjectsFixture f) : SubjectDeadlineTests(f), IClassFixture<SqliteSubjectsFixture>;

public sealed class SubjectDeadlineTestsOnPostgres(PostgresSubjectsFixture f) : SubjectDeadlineTests(f), IClassFixture<PostgresSubjectsFixture>;
