using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Timeline;

/// <summary>An event as a list shows it: with the actor's and the unit's names (null when unknown or not shown).</summary>
internal sealed record TimelineLine<TEvent>(TEvent Event, string? Actor, string? Unit)
    where TEvent : TimelineEvent;

/// <summary>
/// Writing and reading timelines of any subject. Writing stamps who acted: staff with the position they act in at
/// that unit (OrgAccess.ActingPositionAsync: their own, or the holder's by delegation), as it is now, so later renames
/// do not rewrite history. Reading returns one subject's events in the order they happened, the public ones only for
/// the person the subject is about.
/// </summary>
internal sealed class Timelines(WaslDbContext db, OrgAccess org)
{
    /// <summary>Adds an event done by the signed-in staff member acting in <paramref name="actingUnitId"/> (not saved).</summary>
    public async Task<TEvent> AddByStaffAsync<TEvent>(TEvent e, int actingUnitId, CancellationToken ct)
        where TEvent : TimelineEvent
    {
        ArgumentNullException.ThrowIfNull(e);
        var position = await org.ActingPositionAsync(actingUnitId, e.At, ct);
        e.ActorId = org.UserId;
        e.ActorPosition = position?.Title;
        e.ByDelegation = position?.ByDelegation ?? false;
        return db.Add(e).Entity;
    }

    /// <summary>Adds an event whose actor is already set (the requester, or nobody for the system's own work); not saved.</summary>
    public TEvent Add<TEvent>(TEvent e)
        where TEvent : TimelineEvent
    {
        ArgumentNullException.ThrowIfNull(e);
        return db.Add(e).Entity;
    }

    /// <summary>One subject's events in order (<paramref name="ofSubject"/> selects them), untracked; the public ones only when asked.</summary>
    public async Task<List<TEvent>> ReadAsync<TEvent>(Expression<Func<TEvent, bool>> ofSubject, bool publicOnly, CancellationToken ct)
        where TEvent : TimelineEvent =>
        await Visible(db.Set<TEvent>().AsNoTracking().Where(ofSubject), publicOnly).OrderBy(e => e.Id).ToListAsync(ct);

    /// <summary>Several subjects' events at once (a batch of the deadline sweeper), each subject's in order.</summary>
    public async Task<ILookup<long, TEvent>> ReadManyAsync<TEvent>(Expression<Func<TEvent, bool>> ofSubjects, Func<TEvent, long> subject, CancellationToken ct)
        where TEvent : TimelineEvent =>
        (await db.Set<TEvent>().AsNoTracking().Where(ofSubjects).OrderBy(e => e.Id).ToListAsync(ct)).ToLookup(subject);

    /// <summary>One subject's events in order with the names staff read: who acted and which unit it concerns.</summary>
    public async Task<List<TimelineLine<TEvent>>> LinesAsync<TEvent>(Expression<Func<TEvent, bool>> ofSubject, bool publicOnly, CancellationToken ct)
        where TEvent : TimelineEvent
    {
        var rows = await Visible(db.Set<TEvent>().AsNoTracking().Where(ofSubject), publicOnly).OrderBy(e => e.Id)
            .GroupJoin(db.Users, e => e.ActorId, u => u.Id, (e, us) => new { e, us })
            .SelectMany(x => x.us.DefaultIfEmpty(), (x, u) => new { x.e, Actor = u == null ? null : u.FullName })
            .GroupJoin(db.Units, x => x.e.UnitId, u => u.Id, (x, us) => new { x.e, x.Actor, us })
            .SelectMany(x => x.us.DefaultIfEmpty(), (x, u) => new { x.e, x.Actor, Unit = u == null ? null : u.Name })
            .ToListAsync(ct);
        return [.. rows.Select(x => new TimelineLine<TEvent>(x.e, x.Actor, x.Unit))];
    }

    /// <summary>The public/internal filter: what the person the subject is about may see.</summary>
    public static IQueryable<TEvent> Visible<TEvent>(IQueryable<TEvent> events, bool publicOnly)
        where TEvent : TimelineEvent =>
        publicOnly ? events.Where(e => e.IsPublic) : events;
}
