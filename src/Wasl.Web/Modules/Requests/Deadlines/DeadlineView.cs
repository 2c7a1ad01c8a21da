using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.Web.Modules.Requests.Deadlines;

internal enum DeadlineState
{
    None,
    Running,
    Overdue,
    Paused,
}

/// <summary>What staff see of a deadline: time left, or overdue by, in working time of the unit's calendar; or paused.</summary>
internal sealed record DeadlineView(DeadlineState State, TimeSpan WorkingTime, DateTimeOffset? DueAt)
{
    public static DeadlineView Of(RequestStatus status, DateTimeOffset? dueAt, WorkingCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (status == RequestStatus.AwaitingRequester) return new(DeadlineState.Paused, TimeSpan.Zero, null);
        if (dueAt is not { } due) return new(DeadlineState.None, TimeSpan.Zero, null);
        return due > now
            ? new(DeadlineState.Running, calendar.WorkingTimeBetween(now, due), due)
            : new(DeadlineState.Overdue, calendar.WorkingTimeBetween(due, now), due);
    }

    /// <summary>Whole hours and the remaining minutes, for the "{0} h {1} min" resource.</summary>
    public (long Hours, int Minutes) Parts => ((long)WorkingTime.TotalHours, WorkingTime.Minutes);
}
