using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.UnitTests;

/// <summary>
/// The request clock replayed from a timeline, in Riyadh with the Saudi week (Sunday–Thursday 07:30–14:30, seven
/// working hours a day). Expected instants are worked out by hand in the comments.
/// </summary>
public sealed class RequestClockTests
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);
    private static readonly WorkingCalendar Saudi = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"), CountryProfiles.Regular("SA"));

    private static ClockTargets Targets(Importance importance) => importance switch
    {
        Importance.VeryImportant => new(TimeSpan.FromHours(1), TimeSpan.FromHours(7), 75, BreachAction.Escalate),
        Importance.Important => new(TimeSpan.FromHours(3.5), TimeSpan.FromHours(14), 75, BreachAction.Escalate),
        _ => new(TimeSpan.FromHours(7), TimeSpan.FromHours(35), 75, BreachAction.Escalate),
    };

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Riyadh);

    private static RequestEvent E(EventKind kind, DateTimeOffset at, int? unit = null, string? text = null) => new() { Kind = kind, At = at, UnitId = unit, Text = text };

    private static DeadlineClock<Importance> Replay(params RequestEvent[] events) => RequestClock.Replay(events, _ => Saudi, Targets);

    [Fact]
    public void Awaiting_the_requester_stops_the_clock_and_the_time_already_spent_is_kept()
    {
        var submitted = Local(11, 22, 8, 30); // Sunday
        var asked = Local(11, 23, 10, 30);    // Monday: 6 h on Sunday + 3 h on Monday = 9 h spent
        var paused = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.InfoRequested, asked));
        Assert.False(paused.Running);
        Assert.True(paused.Paused);
        Assert.Null(paused.DueAt);
        Assert.Null(paused.NextCheckAt);
        Assert.Equal(TimeSpan.FromHours(9), paused.Elapsed);
        Assert.Equal(asked, paused.FirstRespondedAt); // a question to the requester is a first answer
        Assert.Equal(TimeSpan.FromHours(9), paused.FirstResponseWorking);
        Assert.Null(paused.ResolutionWorking);

        // Answered Wednesday 12:00: 26 h left → Wed 2.5 + Thu 7 + Sun 7 + Mon 7 = 23.5, then 2.5 h on Tuesday: 10:00.
        var resumed = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.InfoRequested, asked), E(EventKind.InfoProvided, Local(11, 25, 12)));
        Assert.True(resumed.Running);
        Assert.Equal(Local(12, 1, 10), resumed.DueAt);
        Assert.Null(resumed.FirstResponseDueAt);
    }

    [Fact]
    public void A_pause_moves_the_deadline_by_exactly_the_working_time_paused()
    {
        var submitted = Local(11, 22, 8, 30);
        var straight = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2));
        // Paused Sunday 10:30 to Monday 10:30 (7 working hours), so the deadline moves by 7 working hours.
        var paused = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2),
            E(EventKind.InfoRequested, Local(11, 22, 10, 30)), E(EventKind.InfoProvided, Local(11, 23, 10, 30)));
        Assert.Equal(Saudi.AddWorkingTime(straight.DueAt!.Value, TimeSpan.FromHours(7)), paused.DueAt);
        Assert.Equal(TimeSpan.FromHours(7), Saudi.WorkingTimeBetween(straight.DueAt.Value, paused.DueAt!.Value));
    }

    [Fact]
    public void Changing_importance_changes_the_target_not_the_time_spent()
    {
        var submitted = Local(11, 22, 8, 30);
        // 2 h spent, then very important (7 h): 5 h left → Sunday 14:30 gives 4 h, Monday 07:30 + 1 h = 08:30.
        var clock = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2),
            E(EventKind.ImportanceChanged, Local(11, 22, 10, 30), text: nameof(Importance.VeryImportant)));
        Assert.Equal(Importance.VeryImportant, clock.Level);
        Assert.Equal(Local(11, 23, 8, 30), clock.DueAt);
        // The 1 h first-answer target was already passed when the importance changed: it is due at once.
        Assert.Equal(Local(11, 22, 10, 30), clock.FirstResponseDueAt);
    }

    [Fact]
    public void An_escalation_starts_a_new_period_at_the_level_above()
    {
        var submitted = Local(11, 22, 8, 30);
        var important = E(EventKind.ImportanceChanged, submitted, text: nameof(Importance.Important));
        var warned = E(EventKind.DeadlineWarning, Local(11, 23, 8, 0));
        // Escalated Monday 08:30: 14 h from there → Monday 6 h + Tuesday 7 h + Wednesday 1 h = Wednesday 08:30.
        var clock = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), important, warned, E(EventKind.Escalated, Local(11, 23, 8, 30), 1));
        Assert.Equal(1, clock.UnitId);
        Assert.Equal(Local(11, 23, 8, 30), clock.PeriodStart);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.False(clock.Warned); // the warning belonged to the previous period
        Assert.Equal(Local(11, 25, 8, 30), clock.DueAt);
    }

    [Fact]
    public void A_request_filed_on_the_weekend_night_starts_counting_at_the_next_working_morning()
    {
        var friday = Local(11, 27, 22); // Friday night
        var clock = Replay(E(EventKind.Submitted, friday), E(EventKind.Routed, friday, 2));
        Assert.Equal(Local(11, 29, 14, 30), clock.FirstResponseDueAt); // Sunday 07:30 + 7 h
        // Warning at 75 % of 35 h = 26 h 15 min: Sun, Mon, Tue (21 h) + 5 h 15 on Wednesday = 12:45.
        Assert.Equal(Local(12, 2, 12, 45), clock.WarnAt);
        Assert.Equal(clock.FirstResponseDueAt, clock.NextCheckAt);
    }

    [Fact]
    public void A_deadline_passed_long_ago_is_dated_where_it_passed_and_noting_it_stops_the_checks()
    {
        var submitted = Local(11, 22, 7, 30);
        var late = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.InternalNote, Local(12, 20, 9)));
        Assert.Equal(Local(11, 26, 14, 30), late.DueAt); // 5 days × 7 h: Thursday 14:30
        Assert.True(late.Remaining < TimeSpan.Zero);
        var noted = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.InternalNote, Local(12, 20, 9)),
            E(EventKind.FirstResponseLate, Local(12, 20, 9)), E(EventKind.DeadlineBreached, Local(12, 20, 9)));
        Assert.Null(noted.NextCheckAt);
        Assert.Equal(late.DueAt, noted.DueAt); // still overdue, shown as such
    }

    [Fact]
    public void Resolution_stops_everything_and_an_objection_starts_a_new_period()
    {
        var submitted = Local(11, 22, 7, 30);
        var resolved = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.Resolved, Local(11, 22, 9)));
        Assert.True(resolved.Finished);
        Assert.Null(resolved.DueAt);
        Assert.Null(resolved.NextCheckAt);
        Assert.Equal(Local(11, 22, 9), resolved.FirstRespondedAt);
        Assert.Equal(TimeSpan.FromHours(1.5), resolved.ResolutionWorking);
        Assert.False(resolved.ResolvedLate);
        var objected = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.Resolved, Local(11, 22, 9)), E(EventKind.Objected, Local(11, 23, 7, 30), 1));
        Assert.True(objected.Running);
        Assert.Equal(1, objected.UnitId);
        Assert.Equal(Local(11, 29, 14, 30), objected.DueAt); // Mon–Thu 28 h + Sunday 7 h
        Assert.Null(objected.FirstResponseDueAt); // answered already
        Assert.Null(objected.ResolutionWorking); // open again: no resolution time until the next one
        Assert.Null(objected.ResolvedLate);
    }

    [Fact]
    public void Resolution_outcomes_count_every_level_skip_pauses_and_say_whether_a_target_was_missed()
    {
        var submitted = Local(11, 22, 7, 30);
        // Paused Monday 07:30 to Tuesday 07:30, resolved Tuesday 10:30: 7 h on Sunday + 3 h on Tuesday = 10 h, on time.
        var onTime = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.InfoRequested, Local(11, 23, 7, 30)),
            E(EventKind.InfoProvided, Local(11, 24, 7, 30)), E(EventKind.Resolved, Local(11, 24, 10, 30)));
        Assert.Equal(TimeSpan.FromHours(10), onTime.ResolutionWorking);
        Assert.Equal(TimeSpan.FromHours(7), onTime.FirstResponseWorking);
        Assert.False(onTime.ResolvedLate);

        // Escalated at the breach (35 h reached Thursday 14:30), resolved soon after at the level above: late all the same.
        var escalated = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.Escalated, Local(11, 29, 8), 1),
            E(EventKind.Resolved, Local(11, 29, 9)));
        Assert.True(escalated.ResolvedLate);
        Assert.Equal(TimeSpan.FromHours(35 + 1.5), escalated.ResolutionWorking); // 35 h, then Sunday 07:30–09:00 over both levels

        // Escalated by staff before the target, resolved within the new period: on time.
        var early = Replay(E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.Escalated, Local(11, 23, 8), 1),
            E(EventKind.Resolved, Local(11, 23, 9)));
        Assert.False(early.ResolvedLate);
    }

    [Fact]
    public void A_forward_keeps_the_time_spent_and_counts_on_in_the_new_units_calendar()
    {
        var moroccoLike = new WorkingCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"), CountryProfiles.Regular("MA"));
        var submitted = Local(11, 22, 8, 30); // Sunday, 6 h spent by Sunday 14:30 in the Saudi week
        var clock = RequestClock.Replay(
            [E(EventKind.Submitted, submitted), E(EventKind.Routed, submitted, 2), E(EventKind.Forwarded, Local(11, 22, 20), 3)],
            unit => unit == 3 ? moroccoLike : Saudi, Targets);
        Assert.Equal(TimeSpan.FromHours(6), clock.Elapsed);
        // 29 h left in a Monday–Friday 08:30–16:30 week (8 h a day): Mon, Tue, Wed (24 h) + 5 h on Thursday = 13:30.
        Assert.Equal(Local(11, 26, 13, 30), clock.DueAt);
    }
}
