namespace Wasl.Web.Platform.Deadlines;

/// <summary>The targets of one level (e.g. a request's importance), in working time.</summary>
internal sealed record ClockTargets(TimeSpan? FirstResponse, TimeSpan Resolution, int WarningPercent, BreachAction OnBreach);

/// <summary>Replays a subject's timeline on the working-time clock.</summary>
internal static class DeadlineClock
{
    /// <summary>
    /// Replays the timeline (in order) from <paramref name="level"/>. <paramref name="calendarOf"/> gives a unit's
    /// calendar, <paramref name="targetsOf"/> a level's targets.
    /// </summary>
    public static DeadlineClock<TLevel> Replay<TLevel>(IEnumerable<ClockEvent<TLevel>> events, TLevel level, Func<int, WorkingCalendar> calendarOf, Func<TLevel, ClockTargets> targetsOf)
        where TLevel : struct, Enum => DeadlineClock<TLevel>.Replay(events, level, calendarOf, targetsOf);
}

/// <summary>What one event of a subject's timeline does to its clock; each module maps its own events to these.</summary>
internal enum ClockMove
{
    /// <summary>Nothing (an event the clock ignores).</summary>
    None = 0,

    /// <summary>The item is received: the clock starts.</summary>
    Start,

    /// <summary>The item is placed at a unit (<see cref="ClockEvent{TLevel}.UnitId"/>): later time counts in its calendar.</summary>
    Place,

    /// <summary>Handed on to another unit: placed there, and the clock runs again if it was paused.</summary>
    HandOn,

    /// <summary>Raised to another unit (escalation): a new period with the whole target there; a finished item runs again.</summary>
    NewPeriod,

    /// <summary>Reopened at a unit (an objection): a new period like <see cref="NewPeriod"/>, and the earlier outcome no longer counts.</summary>
    Reopen,

    /// <summary>The level changes (<see cref="ClockEvent{TLevel}.Level"/>): the target changes, not the time spent.</summary>
    ChangeLevel,

    /// <summary>A first answer that also waits for the other side (a question): the clock pauses.</summary>
    AnswerAndPause,

    /// <summary>The other side answered: the clock runs again with the time already spent kept.</summary>
    Resume,

    /// <summary>A first answer; the clock runs on.</summary>
    Answer,

    /// <summary>Done, with its outcome (a resolution): the clock stops.</summary>
    Resolve,

    /// <summary>Closed: the clock stops; the outcome is the earlier resolution's when there was one.</summary>
    Close,

    /// <summary>The warning was given (recorded on the timeline by the sweep).</summary>
    WarningNoted,

    /// <summary>The breach was acted on (recorded on the timeline by the sweep).</summary>
    BreachNoted,

    /// <summary>The late first answer was noted (recorded on the timeline by the sweep).</summary>
    FirstResponseLateNoted,
}

/// <summary>One event of a subject's timeline as the clock sees it.</summary>
internal readonly record struct ClockEvent<TLevel>(ClockMove Move, DateTimeOffset At, int? UnitId = null, TLevel? Level = null)
    where TLevel : struct, Enum;

/// <summary>
/// The working-time clock of any subject with deadlines (requests now, correspondence next), computed from its own
/// timeline and nothing else, so it can be recomputed at any time (level changed, calendar changed, a node crashed)
/// and always gives the same answer. Each module maps its events to <see cref="ClockMove"/>s.
/// <list type="bullet">
/// <item>The resolution clock starts at <see cref="ClockMove.Start"/> and counts working time in the calendar of the
/// unit holding the item, segment by segment (a hand-on changes the calendar, not the time spent).</item>
/// <item>It pauses while waiting for the other side and resumes with the time already spent kept.</item>
/// <item>A new period (an escalation, a reopening) starts at the new unit with the whole target again.</item>
/// <item>The level changes the target, not the time spent.</item>
/// <item>The first answer (a reply, a question to the other side, or the resolution) stops the first-response clock.</item>
/// </list>
/// </summary>
internal sealed class DeadlineClock<TLevel>
    where TLevel : struct, Enum
{
    public bool Running { get; private set; }
    public bool Paused { get; private set; }
    public bool Finished { get; private set; }
    public int UnitId { get; private set; }
    public TLevel Level { get; private set; }
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

    /// <summary>See <see cref="DeadlineClock.Replay{TLevel}"/>.</summary>
    internal static DeadlineClock<TLevel> Replay(IEnumerable<ClockEvent<TLevel>> events, TLevel level, Func<int, WorkingCalendar> calendarOf, Func<TLevel, ClockTargets> targetsOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(calendarOf);
        ArgumentNullException.ThrowIfNull(targetsOf);
        var c = new DeadlineClock<TLevel> { Level = level };
        c.Targets = targetsOf(c.Level);
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
            switch (e.Move)
            {
                case ClockMove.Start:
                    started = true;
                    c.Running = true;
                    c.PeriodStart = e.At;
                    break;
                case ClockMove.Place or ClockMove.HandOn:
                    if (e.UnitId is { } placed) c.UnitId = placed;
                    if (e.Move == ClockMove.HandOn) Resume(c);
                    break;
                case ClockMove.NewPeriod or ClockMove.Reopen:
                    if (e.UnitId is { } to) c.UnitId = to;
                    if (e.Move == ClockMove.Reopen)
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
                case ClockMove.ChangeLevel:
                    if (e.Level is { } changed)
                    {
                        c.Level = changed;
                        c.Targets = targetsOf(changed);
                        // The crossings found so far were for the old targets.
                        dueCrossing = c.Elapsed >= c.Targets.Resolution ? e.At : null;
                        warnCrossing = c.Elapsed >= WarnTarget(c.Targets) ? e.At : null;
                        frCrossing = c.Targets.FirstResponse is { } f && frElapsed >= f ? e.At : null;
                    }
                    break;
                case ClockMove.AnswerAndPause:
                    Answered(c, e.At, frElapsed);
                    c.Running = false;
                    c.Paused = true;
                    break;
                case ClockMove.Resume:
                    Resume(c);
                    break;
                case ClockMove.Answer:
                    Answered(c, e.At, frElapsed);
                    break;
                case ClockMove.Resolve or ClockMove.Close:
                    Answered(c, e.At, frElapsed);
                    if (e.Move == ClockMove.Resolve || !c.Finished)
                    {
                        c.ResolutionWorking = total;
                        c.ResolvedLate = everLate || c.Elapsed > c.Targets.Resolution;
                    }
                    c.Running = false;
                    c.Paused = false;
                    c.Finished = true;
                    break;
                case ClockMove.WarningNoted:
                    c.Warned = true;
                    break;
                case ClockMove.BreachNoted:
                    c.BreachNoted = true;
                    break;
                case ClockMove.FirstResponseLateNoted:
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

    private static void Resume(DeadlineClock<TLevel> c)
    {
        if (c.Finished) return;
        c.Running = true;
        c.Paused = false;
    }

    private static void Answered(DeadlineClock<TLevel> c, DateTimeOffset at, TimeSpan workingSoFar)
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
