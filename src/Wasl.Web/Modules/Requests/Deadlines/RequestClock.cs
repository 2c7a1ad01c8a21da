using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.Web.Modules.Requests.Deadlines;

/// <summary>
/// A request's deadlines: its timeline replayed by Platform's <see cref="DeadlineClock{TLevel}"/>, with the request's
/// events mapped to clock moves here.
/// <list type="bullet">
/// <item>Submission starts the clock; routing places it at a unit; a forward hands it on (a paused clock runs again).</item>
/// <item>Asking the requester is a first answer and pauses the clock; their answer resumes it.</item>
/// <item>An escalation (by staff or at a breach) starts a new period at the new level; an objection reopens.</item>
/// <item>Importance is the level: it changes the target, not the time spent.</item>
/// </list>
/// </summary>
internal static class RequestClock
{
    public static DeadlineClock<Importance> Replay(IEnumerable<RequestEvent> events, Func<int, WorkingCalendar> calendarOf, Func<Importance, ClockTargets> targetsOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        return DeadlineClock.Replay(events.Select(Move), Importance.Normal, calendarOf, targetsOf);
    }

    public static ClockEvent<Importance> Move(RequestEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var move = e.Kind switch
        {
            EventKind.Submitted => ClockMove.Start,
            EventKind.Routed => ClockMove.Place,
            EventKind.Forwarded => ClockMove.HandOn,
            EventKind.Escalated => ClockMove.NewPeriod,
            EventKind.Objected => ClockMove.Reopen,
            EventKind.ImportanceChanged => ClockMove.ChangeLevel,
            EventKind.InfoRequested => ClockMove.AnswerAndPause,
            EventKind.InfoProvided => ClockMove.Resume,
            EventKind.PublicReply => ClockMove.Answer,
            EventKind.Resolved => ClockMove.Resolve,
            EventKind.Closed => ClockMove.Close,
            EventKind.DeadlineWarning => ClockMove.WarningNoted,
            EventKind.DeadlineBreached => ClockMove.BreachNoted,
            EventKind.FirstResponseLate => ClockMove.FirstResponseLateNoted,
            _ => ClockMove.None,
        };
        Importance? level = move == ClockMove.ChangeLevel && Enum.TryParse<Importance>(e.Text, out var importance) && Enum.IsDefined(importance) ? importance : null;
        return new ClockEvent<Importance>(move, e.At, e.UnitId, level);
    }
}
