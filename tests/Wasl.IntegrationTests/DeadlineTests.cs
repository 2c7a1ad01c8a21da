using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// Deadlines in working time, the overdue queue and escalation at breach (issue 4), on the demo deployment: Saudi
/// week (Sunday–Thursday 07:30–14:30, 7 working hours a day) in Asia/Riyadh. The application clock is frozen at fixed
/// instants of November 2027 (21 November is a Sunday, far from Ramadan) so every expected deadline can be worked out
/// by hand; the comments give the arithmetic.
/// </summary>
public abstract class DeadlineTests(AppFixture fixture)
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, Riyadh);

    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<string> SubmitAsync(string subject, string school = "RIY-S1")
    {
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = (await UnitIdAsync(school)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        });
        var (_, receipt) = await s.FollowAsync(response);
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        _secrets[number] = receipt.QuerySelector("#request-secret")!.TextContent;
        return number;
    }

    private readonly Dictionary<string, string> _secrets = [];

    /// <summary>The guest's tracking page, opened with the number and the secret from the receipt.</summary>
    private async Task<(WebSession Guest, IHtmlDocument Page)> TrackAsync(string number)
    {
        var guest = WebSession.Start(fixture.App);
        var (_, page) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = _secrets[number] }));
        return (guest, page);
    }

    private async Task<WebSession> StaffAsync(string user)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password)).StatusCode);
        return s;
    }

    private static async Task ActAsync(WebSession s, string number, string handler, Dictionary<string, string> fields)
    {
        var selector = handler is "Take" or "Importance" or "Close" ? $"form[action*='handler={handler}']" : "#text-actions";
        var response = await s.SubmitAsync($"/staff/requests/{number}", fields, formSelector: selector, action: $"/staff/requests/{number}?handler={handler}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<Request> RequestAsync(string number)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<Request>().AsNoTracking().SingleAsync(r => r.Number == number);
    }

    private async Task<List<RequestEvent>> EventsAsync(string number)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var id = await db.Set<Request>().Where(r => r.Number == number).Select(r => r.Id).SingleAsync();
        return await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.Id).ToListAsync();
    }

    private Task SweepAsync() => DeadlineSweeper.TickAsync(
        fixture.App.Services.GetRequiredService<IServiceScopeFactory>(), fixture.App.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value, CancellationToken.None);

    private async Task<IHtmlDocument> OverdueAsync(WebSession s) => (await s.GetAsync("/staff/requests?queue=Overdue")).Document;

    [SkippableFact]
    public async Task Deadlines_count_working_time_stop_for_the_requester_and_feed_the_overdue_queue()
    {
        fixture.Require();
        fixture.App.Clock.Freeze(Local(11, 21, 8)); // Sunday 08:00
        try
        {
            var late = await SubmitAsync("شكوى تتأخر بعد أسبوع");
            var urgent = await SubmitAsync("شكوى هامة جدا");
            var waiting = await SubmitAsync("شكوى بانتظار ولي الأمر");
            var resolved = await SubmitAsync("شكوى محلولة");
            // 35 working hours from Sunday 08:00: Sunday 6.5 + Monday–Thursday 28 = 34.5, then next Sunday 07:30 + 0.5 = 08:00.
            var fresh = await RequestAsync(late);
            Assert.Equal(Local(11, 28, 8), fresh.DueAt);
            // First answer within 7 working hours: Sunday 6.5, Monday 07:30 + 0.5 = 08:00.
            Assert.Equal(Local(11, 22, 8), fresh.FirstResponseDueAt);
            Assert.Equal(Local(11, 22, 8), fresh.NextCheckAt);

            var riyadh = await StaffAsync("coordinator");
            await ActAsync(riyadh, urgent, "Importance", new() { ["Action.Importance"] = "VeryImportant" });
            await ActAsync(riyadh, waiting, "Ask", new() { ["Action.Text"] = "ما اسم المعلم؟" });
            await ActAsync(riyadh, resolved, "Resolve", new() { ["Action.Text"] = "تمت معالجة الشكوى." });
            // Very important: 7 h from Sunday 08:00 → Monday 08:00; first answer within 1 h → Sunday 09:00.
            Assert.Equal(Local(11, 22, 8), (await RequestAsync(urgent)).DueAt);
            Assert.Equal(Local(11, 21, 9), (await RequestAsync(urgent)).FirstResponseDueAt);
            // Awaiting the requester: no deadline runs and the sweeper has nothing to do; the question was the first answer.
            var paused = await RequestAsync(waiting);
            Assert.Null(paused.DueAt);
            Assert.Null(paused.NextCheckAt);
            Assert.Equal(Local(11, 21, 8), paused.FirstRespondedAt);
            var done = await RequestAsync(resolved);
            Assert.Null(done.DueAt);
            // Kept ready for indicators: resolved at once, on time, no working minute spent.
            Assert.Equal(0, done.ResolutionMinutes);
            Assert.Equal(0, done.FirstResponseMinutes);
            Assert.False(done.ResolvedLate);
            Assert.Null(paused.ResolutionMinutes);

            var (_, waitingDetail) = await riyadh.GetAsync($"/staff/requests/{waiting}");
            Assert.NotNull(waitingDetail.QuerySelector("#deadline-left .deadline-paused"));
            // The guest sees when to expect the answer, or that the ministry waits for them.
            Assert.Equal("28/11/2027 م", (await TrackAsync(late)).Page.QuerySelector("#expected-by")!.TextContent.Trim());
            Assert.Contains("ننتظر ردك", (await TrackAsync(waiting)).Page.QuerySelector("#expected-by")!.TextContent, StringComparison.Ordinal);

            fixture.App.Clock.Freeze(Local(11, 22, 10)); // Monday 10:00
            // The guest answers: the clock resumes with the time already spent (none: asked at once) kept.
            var (guest, view) = await TrackAsync(waiting);
            Assert.Equal(HttpStatusCode.Redirect, (await guest.SubmitAsync(view, "/requests/track", new Dictionary<string, string> { ["Text"] = "الأستاذ خالد" }, formSelector: "#info-form")).StatusCode);
            Assert.Equal(Local(11, 29, 10), (await RequestAsync(waiting)).DueAt); // 35 h from Monday 10:00, as below
            var onTime = await SubmitAsync("شكوى في موعدها");
            // Monday 4.5 + Tuesday–Thursday 21 + Sunday 7 = 32.5, then Monday 07:30 + 2.5 = 10:00.
            Assert.Equal(Local(11, 29, 10), (await RequestAsync(onTime)).DueAt);
            // Sessions end after 30 idle minutes of application time: sign in again after each jump of the clock.
            riyadh = await StaffAsync("coordinator");
            var monday = await OverdueAsync(riyadh);
            var mondayText = monday.QuerySelector("#queue")!.TextContent;
            Assert.Contains(urgent, mondayText, StringComparison.Ordinal);
            Assert.DoesNotContain(late, mondayText, StringComparison.Ordinal);
            Assert.DoesNotContain(onTime, mondayText, StringComparison.Ordinal);
            Assert.DoesNotContain(waiting, mondayText, StringComparison.Ordinal);
            Assert.DoesNotContain(resolved, mondayText, StringComparison.Ordinal);
            // Overdue by two working hours (Monday 08:00 to 10:00), in words from the resources.
            var urgentRow = monday.QuerySelectorAll("#queue tbody tr").Single(r => r.TextContent.Contains(urgent, StringComparison.Ordinal));
            Assert.Contains("متأخر 2 س 0 د", urgentRow.QuerySelector(".deadline-overdue")!.TextContent, StringComparison.Ordinal);

            fixture.App.Clock.Freeze(Local(11, 29, 9)); // next Monday 09:00
            riyadh = await StaffAsync("coordinator");
            var nextMonday = (await OverdueAsync(riyadh)).QuerySelector("#queue")!.TextContent;
            Assert.Contains(late, nextMonday, StringComparison.Ordinal);
            Assert.Contains(urgent, nextMonday, StringComparison.Ordinal);
            Assert.DoesNotContain(onTime, nextMonday, StringComparison.Ordinal);
            Assert.DoesNotContain(waiting, nextMonday, StringComparison.Ordinal);
            var (_, detail) = await riyadh.GetAsync($"/staff/requests/{onTime}");
            Assert.Contains("متبقٍ 1 س 0 د", detail.QuerySelector("#deadline-left")!.TextContent, StringComparison.Ordinal);
            // Answered on Monday 10:00 with nothing spent before the question: due with the one filed then.
            var (_, resumedDetail) = await riyadh.GetAsync($"/staff/requests/{waiting}");
            Assert.Contains("متبقٍ 1 س 0 د", resumedDetail.QuerySelector("#deadline-left")!.TextContent, StringComparison.Ordinal);

            // Another directorate's coordinator sees none of them, even overdue.
            var makkah = (await OverdueAsync(await StaffAsync("coordinator2"))).QuerySelector("main")!.TextContent;
            Assert.DoesNotContain(late, makkah, StringComparison.Ordinal);
            Assert.DoesNotContain(urgent, makkah, StringComparison.Ordinal);
        }
        finally
        {
            fixture.App.Clock.Reset();
        }
    }

    [SkippableFact]
    public async Task At_each_breach_the_request_goes_one_level_up_once_until_the_ministry_where_the_breach_is_noted()
    {
        fixture.Require();
        fixture.App.Clock.Freeze(Local(11, 21, 8)); // Sunday 08:00
        try
        {
            var number = await SubmitAsync("بلاغ يتجاوز موعده");
            var riyadh = await StaffAsync("coordinator");
            await ActAsync(riyadh, number, "Importance", new() { ["Action.Importance"] = "VeryImportant" });
            var school = await UnitIdAsync("RIY-S1");
            var directorate = await UnitIdAsync("RIY");
            var ministry = await UnitIdAsync("MOE");

            // Sunday 13:30: the first answer (due 09:00) is late and 75 % of 7 h (5 h 15, at 13:15) has passed: noted once each.
            fixture.App.Clock.Freeze(Local(11, 21, 13, 30));
            await SweepAsync();
            await SweepAsync();
            var warned = await EventsAsync(number);
            Assert.Single(warned, e => e.Kind == EventKind.FirstResponseLate);
            Assert.Single(warned, e => e.Kind == EventKind.DeadlineWarning);
            Assert.All(warned.Where(e => e.Kind is EventKind.FirstResponseLate or EventKind.DeadlineWarning), e => { Assert.Null(e.ActorId); Assert.False(e.IsPublic); });
            Assert.Equal(school, (await RequestAsync(number)).UnitId);
            Assert.Equal(Local(11, 22, 8), (await RequestAsync(number)).NextCheckAt);

            // Monday 10:00: due at 08:00, so one level up (the directorate), with a whole new period: 7 h → Tuesday 10:00.
            fixture.App.Clock.Freeze(Local(11, 22, 10));
            await SweepAsync();
            await SweepAsync();
            var first = await RequestAsync(number);
            Assert.Equal(directorate, first.UnitId);
            Assert.Equal(RequestStatus.Escalated, first.Status);
            Assert.Equal(1, first.EscalationCount);
            Assert.Equal(1, first.BreachCount);
            Assert.Equal(Local(11, 23, 10), first.DueAt);
            var escalation = Assert.Single(await EventsAsync(number), e => e.Kind == EventKind.Escalated);
            Assert.Null(escalation.ActorId);
            Assert.Equal(directorate, escalation.UnitId);

            // Tuesday 10:00: up again, to the ministry; Wednesday 10:00: at the top the breach is noted, once.
            fixture.App.Clock.Freeze(Local(11, 23, 10));
            await SweepAsync();
            Assert.Equal(ministry, (await RequestAsync(number)).UnitId);
            fixture.App.Clock.Freeze(Local(11, 24, 10));
            await SweepAsync();
            await SweepAsync();
            var top = await RequestAsync(number);
            Assert.Equal(ministry, top.UnitId);
            Assert.Equal(2, top.EscalationCount);
            Assert.Equal(3, top.BreachCount);
            Assert.Null(top.NextCheckAt);
            var timeline = await EventsAsync(number);
            Assert.Equal(2, timeline.Count(e => e.Kind == EventKind.Escalated));
            Assert.Single(timeline, e => e.Kind == EventKind.DeadlineBreached);

            // Those who must act were told in the application: the directorate's coordinator, then the ministry's supervisor.
            using (var scope = fixture.App.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                var coordinator = await db.Users.Where(u => u.UserName == "coordinator").Select(u => u.Id).SingleAsync();
                var supervisor = await db.Users.Where(u => u.UserName == "supervisor").Select(u => u.Id).SingleAsync();
                var link = $"/staff/requests/{number}";
                var coordinatorNotices = await db.Set<UserNotification>().Where(n => n.UserId == coordinator && n.Link == link).Select(n => n.Template).ToListAsync();
                Assert.Contains("Warning", coordinatorNotices);
                Assert.Contains("FirstResponseLate", coordinatorNotices);
                Assert.Contains("Escalated", coordinatorNotices);
                // Told once that it left the directorate for the ministry; not told that it left the school (the school
                // has no coordinator of its own: the same people were just told it arrived).
                Assert.Single(coordinatorNotices, t => t == "EscalatedAway");
                var supervisorNotices = await db.Set<UserNotification>().Where(n => n.UserId == supervisor && n.Link == link).Select(n => n.Template).ToListAsync();
                Assert.Contains("Escalated", supervisorNotices);
                Assert.Contains("Breached", supervisorNotices);
                Assert.Equal(supervisorNotices.Count, supervisorNotices.Distinct().Count());
            }

            // The supervisor sees the request, its escalations and the system's steps on the timeline.
            var (_, detail) = await (await StaffAsync("supervisor")).GetAsync($"/staff/requests/{number}");
            Assert.Equal("2", detail.QuerySelector("#deadline-escalations")!.TextContent.Trim());
            Assert.Contains("تلقائيًا", detail.QuerySelector("#timeline li[data-kind='Escalated']")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            fixture.App.Clock.Reset();
        }
    }

    [SkippableFact]
    public async Task A_holiday_added_to_a_units_calendar_moves_the_deadlines_of_its_running_requests()
    {
        fixture.Require();
        fixture.App.Clock.Freeze(Local(11, 21, 8)); // Sunday 08:00
        try
        {
            var number = await SubmitAsync("شكوى قبل إجازة طارئة");
            Assert.Equal(Local(11, 28, 8), (await RequestAsync(number)).DueAt);
            using (var scope = fixture.App.Services.CreateScope())
            {
                // The directorate declares Monday and Tuesday holidays (a sighting-dependent Eid, say), for its whole subtree.
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                var directorate = await db.Units.Where(u => u.Code == "RIY").Select(u => u.Id).SingleAsync();
                db.Add(new UnitCalendar
                {
                    UnitId = directorate,
                    Country = "SA",
                    TimeZone = "Asia/Riyadh",
                    Week = CountryProfiles.Regular("SA").ToString(),
                    UpdatedAt = fixture.App.Clock.GetUtcNow(),
                    Holidays = [new CalendarHoliday { Name = "إجازة", StartsOn = new DateOnly(2027, 11, 22), EndsOn = new DateOnly(2027, 11, 23) }],
                });
                db.Add(new DeadlineRecomputeJob { Subject = "Request", UnitId = directorate, CreatedAt = fixture.App.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
            await SweepAsync();
            // Sunday 6.5, Monday and Tuesday off, Wednesday and Thursday 14, Sunday 7, Monday 7 = 34.5: Tuesday 07:30 + 0.5.
            Assert.Equal(Local(11, 30, 8), (await RequestAsync(number)).DueAt);
            using (var scope = fixture.App.Services.CreateScope())
                Assert.DoesNotContain(await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<DeadlineRecomputeJob>().ToListAsync(), j => j.DoneAt is null);
        }
        finally
        {
            using (var scope = fixture.App.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                db.RemoveRange(await db.Set<UnitCalendar>().ToListAsync());
                await db.SaveChangesAsync();
            }
            fixture.App.Services.GetRequiredService<WorkCalendars>().Invalidate();
            fixture.App.Clock.Reset();
        }
    }

    [SkippableFact]
    public async Task A_request_awaiting_its_requester_is_never_escalated_however_long_it_waits()
    {
        fixture.Require();
        fixture.App.Clock.Freeze(Local(11, 21, 8));
        try
        {
            var number = await SubmitAsync("شكوى تنتظر معلومات");
            await ActAsync(await StaffAsync("coordinator"), number, "Ask", new() { ["Action.Text"] = "أرسل صورة الإشعار" });
            fixture.App.Clock.Freeze(Local(12, 30, 10));
            await SweepAsync();
            var r = await RequestAsync(number);
            Assert.Equal(RequestStatus.AwaitingRequester, r.Status);
            Assert.Equal(0, r.EscalationCount);
            Assert.DoesNotContain(await EventsAsync(number), e => e.Kind is EventKind.Escalated or EventKind.DeadlineWarning or EventKind.DeadlineBreached);
        }
        finally
        {
            fixture.App.Clock.Reset();
        }
    }
}

public sealed class DeadlineTestsOnSqlite(SqliteAppFixture f) : DeadlineTests(f), IClassFixture<SqliteAppFixture>;

public sealed class DeadlineTestsOnPostgres(PostgresAppFixture f) : DeadlineTests(f), IClassFixture<PostgresAppFixture>;
