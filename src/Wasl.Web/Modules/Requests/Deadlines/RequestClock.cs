using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.Web.Modules.Requests.Deadlines;

/// <summary>The targets of one importance, in working time.</summary>
internal sealed record ClockTargets(TimeSpan? FirstResponse, TimeSpan Resolution, int WarningPercent, BreachAction OnBreach);

/// <summary>
/// A request's deadlines, computed from its own timeline and nothing else, so they can be recomputed at any time
/// (importance changed, calendar changed, a node crashed) and always give the same answer.
/// <list type="bullet">
/// <item>The resolution clock starts at submission and counts working time in the calendar of the unit holding the
/// request, segment by segment (a forward changes the calendar, not the time spent).</item>
/// <item>It pauses while the request awaits the requester and resumes with the time already spent kept.</item>
/// <item>An escalation (by staff or at a breach) or an objection starts a new period at the new level: the unit that
/// receives the request gets the whole target again.</item>
/// <item>Importance changes the target, not the time spent.</item>
/// <item>The first answer (a public reply, a question to the requester, or the resolution) stops the first-response clock.</item>
/// </list>
/// </summary>
internal sealed class RequestClock
{
    public bool Running { get; private set; }
    public bool Paused { get; private set; }
    public bool Finished { get; private set; }
    public int UnitId { get; private set; }
    public Importance Importance { get; private set; }
    public ClockTargets Targets { get; private set; } = null!;
    public DateTimeOffset PeriodStart { get; private set; }

    /// <summary>Working time spent in the current period up to the last event.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>When the resolution target runs out (may be past); null unless running.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>When the warning threshold is reached (may be past); null unless running.</summary>
    public DateTimeOffset? WarnAt { get; private set; }
    public bool Warned { get; private set; }
    public bool BreachNoted { get; private set; }

    /// <summary>When the first answer is due, while none has been given and the clock runs.</summary>
    public DateTimeOffset? FirstResponseDueAt { get; private set; }
    public DateTimeOffset? FirstRespondedAt { get; private set; }
    public bool FirstResponseLateNoted { get; private set; }

    /// <summary>Working time the clock ran from submission to the first answer (pauses excluded), once answered.</summary>
    public TimeSpan? FirstResponseWorking { get; private set; }

    /// <summary>Working time the clock ran, over every period, from submission to the last resolution (pauses excluded); null unless finished.</summary>
    public TimeSpan? ResolutionWorking { get; private set; }

    /// <summary>Whether a resolution target was missed before the request was resolved (in any period); null unless finished.</summary>
    public bool? ResolvedLate { get; private set; }

    /// <summary>Working time left to the resolution target at the last event (negative when already past).</summary>
    public TimeSpan Remaining => Targets.Resolution - Elapsed;

    /// <summary>The next instant something is due: a late first answer to note, a warning, or a breach. Null when nothing is pending.</summary>
    public DateTimeOffset? NextCheckAt
    {
        get
        {
            if (!Running) return null;
            DateTimeOffset? next = null;
            if (FirstResponseDueAt is { } fr && !FirstResponseLateNoted) next = fr;
            if (WarnAt is { } w && !Warned && !BreachNoted) next = Min(next, w);
            if (DueAt is { } d && !BreachNoted) next = Min(next, d);
            return next;
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    /// <summary>Replays the timeline (in order). <paramref name="calendarOf"/> gives a unit's calendar, <paramref name="targetsOf"/> an importance's targets.</summary>
    public static RequestClock Replay(IEnumerable<RequestEvent> events, Func<int, WorkingCalendar> calendarOf, Func<Importance, ClockTargets> targetsOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(calendarOf);
        ArgumentNullException.ThrowIfNull(targetsOf);
        var c = new RequestClock { Importance = Importance.Normal };
        c.Targets = targetsOf(c.Importance);
        DateTimeOffset last = default;
        var frElapsed = TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var everLate = false;
        DateTimeOffset? dueCrossing = null, warnCrossing = null, frCrossing = null;
        var started = false;
        foreach (var e in events)
        {
            if (started && c.Running && e.At > last)
            {
                var calendar = calendarOf(c.UnitId);
                var spent = calendar.WorkingTimeBetween(last, e.At);
                var warnTarget = WarnTarget(c.Targets);
                dueCrossing ??= Crossing(calendar, last, c.Elapsed, spent, c.Targets.Resolution);
                warnCrossing ??= Crossing(calendar, last, c.Elapsed, spent, warnTarget);
                if (c.FirstRespondedAt is null && c.Targets.FirstResponse is { } frTarget) frCrossing ??= Crossing(calendar, last, frElapsed, spent, frTarget);
                c.Elapsed += spent;
                total += spent;
                if (c.FirstRespondedAt is null) frElapsed += spent;
                if (dueCrossing is not null) everLate = true;
            }
            if (e.At > last || !started) last = e.At;
            switch (e.Kind)
            {
                case EventKind.Submitted:
                    started = true;
                    c.Running = true;
                    c.PeriodStart = e.At;
                    break;
                case EventKind.Routed or EventKind.Forwarded:
                    if (e.UnitId is { } routed) c.UnitId = routed;
                    if (e.Kind == EventKind.Forwarded) Resume(c);
                    break;
                case EventKind.Escalated or EventKind.Objected:
                    if (e.UnitId is { } to) c.UnitId = to;
                    if (e.Kind == EventKind.Objected)
                    {
                        c.ResolutionWorking = null;
                        c.ResolvedLate = null;
                    }
                    c.Finished = false;
                    Resume(c);
                    c.PeriodStart = e.At;
                    c.Elapsed = TimeSpan.Zero;
                    c.Warned = c.BreachNoted = false;
                    dueCrossing = warnCrossing = null;
                    break;
                case EventKind.ImportanceChanged:
                    if (Enum.TryParse<Importance>(e.Text, out var importance) && Enum.IsDefined(importance))
                    {
                        c.Importance = importance;
                        c.Targets = targetsOf(importance);
                        // The crossings found so far were for the old targets.
                        dueCrossing = c.Elapsed >= c.Targets.Resolution ? e.At : null;
                        warnCrossing = c.Elapsed >= WarnTarget(c.Targets) ? e.At : null;
                        frCrossing = c.Targets.FirstResponse is { } f && frElapsed >= f ? e.At : null;
                    }
                    break;
                case EventKind.InfoRequested:
                    Answered(c, e.At, frElapsed);
                    c.Running = false;
                    c.Paused = true;
                    break;
                case EventKind.InfoProvided:
                    Resume(c);
                    break;
                case EventKind.PublicReply:
                    Answered(c, e.At, frElapsed);
                    break;
                case EventKind.Resolved or EventKind.Closed:
                    Answered(c, e.At, frElapsed);
                    if (e.Kind == EventKind.Resolved || !c.Finished)
                    {
                        c.ResolutionWorking = total;
                        c.ResolvedLate = everLate || c.Elapsed > c.Targets.Resolution;
                    }
                    c.Running = false;
                    c.Paused = false;
                    c.Finished = true;
                    break;
                case EventKind.DeadlineWarning:
                    c.Warned = true;
                    break;
                case EventKind.DeadlineBreached:
                    c.BreachNoted = true;
                    break;
                case EventKind.FirstResponseLate:
                    c.FirstResponseLateNoted = true;
                    break;
            }
        }
        if (c.Running)
        {
            var calendar = calendarOf(c.UnitId);
            c.DueAt = dueCrossing ?? calendar.AddWorkingTime(last, c.Targets.Resolution - c.Elapsed);
            c.WarnAt = warnCrossing ?? calendar.AddWorkingTime(last, WarnTarget(c.Targets) - c.Elapsed);
            if (c.FirstRespondedAt is null && c.Targets.FirstResponse is { } fr)
                c.FirstResponseDueAt = frCrossing ?? calendar.AddWorkingTime(last, fr - frElapsed);
        }
        return c;
    }

    private static void Resume(RequestClock c)
    {
        if (c.Finished) return;
        c.Running = true;
        c.Paused = false;
    }

    private static void Answered(RequestClock c, DateTimeOffset at, TimeSpan workingSoFar)
    {
        if (c.FirstRespondedAt is not null) return;
        c.FirstRespondedAt = at;
        c.FirstResponseWorking = workingSoFar;
    }

    private static TimeSpan WarnTarget(ClockTargets t) => TimeSpan.FromTicks(t.Resolution.Ticks / 100 * Math.Clamp(t.WarningPercent, 1, 99));

    /// <summary>Where, inside a segment that starts at <paramref name="from"/> with <paramref name="before"/> spent, the target is reached; null if not in this segment.</summary>
    private static DateTimeOffset? Crossing(WorkingCalendar calendar, DateTimeOffset from, TimeSpan before, TimeSpan spent, TimeSpan target) =>
        before < target && before + spent >= target ? calendar.AddWorkingTime(from, target - before) : null;
}
