using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Modules.Requests.Deadlines;

/// <summary>
/// The deadline work of requests, one batch per call:
/// <list type="bullet">
/// <item>Due requests are found through the partial index on NextCheckAt, so a sweep costs what is due, not what is open.</item>
/// <item>On PostgreSQL the batch is claimed with FOR UPDATE SKIP LOCKED: a second node takes other requests, never the same ones.
/// Every change also checks the request's version, so a node that lost a race writes nothing.</item>
/// <item>What is due is decided by replaying the request's own timeline: a warning, a late first answer, or a breach
/// (escalation one level up, or a breach note at the top). Each lands on the timeline with its notices in the same
/// transaction: after a crash before commit the work is simply found again; after commit it is never done twice.</item>
/// </list>
/// </summary>
internal sealed class RequestDeadlineSweep(WaslDbContext db, Timelines timelines, RequestDeadlines deadlines, RequestNotices notices, TimeProvider clock, IOptions<DeadlineOptions> options, ILogger<RequestDeadlineSweep> log) : IDeadlineSweep
{
    public string Subject => RequestDeadlines.Subject;

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = options.Value.SweepBatch;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        List<long> ids = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "Requests" WHERE "NextCheckAt" IS NOT NULL AND "NextCheckAt" <= {now} ORDER BY "NextCheckAt", "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED""").ToListAsync(ct)
            : await db.Set<Request>().Where(r => r.NextCheckAt != null && r.NextCheckAt <= now).OrderBy(r => r.NextCheckAt).ThenBy(r => r.Id).Select(r => r.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var requests = await db.Set<Request>().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var byRequest = await timelines.ReadManyAsync<RequestEvent>(e => ids.Contains(e.RequestId), e => e.RequestId, ct);
        var snapshot = await deadlines.SnapshotAsync(ct);
        // Who may be told: the staff of each unit and of the unit above, and the assignees, in two queries for the batch.
        await notices.PreloadAsync(
            requests.SelectMany(r => snapshot.ParentOf(r.UnitId) is { } up ? new[] { r.UnitId, up } : [r.UnitId]),
            requests.Where(r => r.AssigneeId is not null).Select(r => r.AssigneeId!.Value), ct);
        foreach (var request in requests)
        {
            await HandleAsync(request, [.. byRequest[request.Id]], snapshot, now, ct);
        }
        return await CommitAsync(tx, ct) ? requests.Count : 0;
    }

    private async Task HandleAsync(Request r, List<RequestEvent> timeline, WorkCalendars.Snapshot snapshot, DateTimeOffset now, CancellationToken ct)
    {
        var clock = RequestDeadlines.Replay(snapshot, r, timeline);
        var before = timeline.Count;
        // One sweep of one request is one change: one new version, which also keys its notices.
        var bumped = false;
        void Bump(Request request, DateTimeOffset at)
        {
            if (!bumped) RequestActions.NewVersion(request, at);
            bumped = true;
        }
        if (clock.Running && !r.IsFinished && r.Status != RequestStatus.AwaitingRequester)
        {
            var unit = r.UnitId;
            var assignee = r.AssigneeId;
            if (clock.FirstResponseDueAt <= now && !clock.FirstResponseLateNoted)
            {
                Bump(r, now);
                timeline.Add(Event(r, EventKind.FirstResponseLate, unit, now));
                await notices.ToStaffAsync(r, unit, "FirstResponseLate", critical: false, assignee, ct);
            }
            if (clock.DueAt <= now && !clock.BreachNoted)
            {
                Bump(r, now);
                r.BreachCount++;
                var parent = snapshot.ParentOf(unit);
                if (clock.Targets.OnBreach == BreachAction.Escalate && parent is { } up)
                {
                    r.EscalateTo(up);
                    timeline.Add(Event(r, EventKind.Escalated, up, now));
                    await notices.ToStaffAsync(r, up, "Escalated", critical: true, null, ct);
                    // The unit that lost it is told too, unless its responsible staff are the ones just told (no own staff).
                    if (!await notices.SameStaffAsync(unit, up, ct))
                        await notices.ToStaffAsync(r, unit, "EscalatedAway", critical: false, assignee, ct);
                }
                else
                {
                    timeline.Add(Event(r, EventKind.DeadlineBreached, unit, now));
                    await notices.ToStaffAsync(r, unit, "Breached", critical: true, assignee, ct);
                }
            }
            else if (clock.WarnAt <= now && !clock.Warned && !clock.BreachNoted)
            {
                Bump(r, now);
                timeline.Add(Event(r, EventKind.DeadlineWarning, unit, now));
                await notices.ToStaffAsync(r, unit, "Warning", critical: false, assignee, ct);
            }
        }
        if (timeline.Count > before) clock = RequestDeadlines.Replay(snapshot, r, timeline);
        RequestDeadlines.Apply(r, clock);
        if (r.NextCheckAt <= now)
        {
            // Cannot happen by construction; if it ever does, the request must not spin the sweeper.
            log.LogWarning("Request {Id} stays due after its sweep; checked again in five minutes", r.Id);
            r.NextCheckAt = now.AddMinutes(5);
        }
    }


    private RequestEvent Event(Request r, EventKind kind, int unitId, DateTimeOffset now) =>
        timelines.Add(new RequestEvent { RequestId = r.Id, Kind = kind, IsPublic = false, UnitId = unitId, At = now });

    public async Task<int> RecomputeOnceAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = db.Database.IsNpgsql()
            ? await db.Set<DeadlineRecomputeJob>().FromSql($"""SELECT * FROM "DeadlineRecomputeJobs" WHERE "DoneAt" IS NULL AND "Subject" = {Subject} ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED""").FirstOrDefaultAsync(ct)
            : await db.Set<DeadlineRecomputeJob>().Where(j => j.DoneAt == null && j.Subject == Subject).OrderBy(j => j.Id).FirstOrDefaultAsync(ct);
        if (job is null) return 0;
        var snapshot = await deadlines.SnapshotAsync(ct, job.Id);
        var units = Subtree(snapshot, job.UnitId).Where(u => u >= job.CursorUnitId).Order().ToList();
        var batch = options.Value.SweepBatch;
        var handled = 0;
        foreach (var unit in units.Take(200))
        {
            var after = unit == job.CursorUnitId ? job.CursorItemId : 0;
            var running = await db.Set<Request>()
                .Where(r => r.UnitId == unit && r.Status != RequestStatus.Resolved && r.Status != RequestStatus.Closed && r.Status != RequestStatus.AwaitingRequester && r.Id > after)
                .OrderBy(r => r.Id).Take(batch - handled).ToListAsync(ct);
            if (running.Count > 0)
            {
                var ids = running.Select(r => r.Id).ToList();
                var byRequest = await timelines.ReadManyAsync<RequestEvent>(e => ids.Contains(e.RequestId), e => e.RequestId, ct);
                foreach (var r in running) RequestDeadlines.Apply(r, RequestDeadlines.Replay(snapshot, r, byRequest[r.Id]));
                handled += running.Count;
                job.CursorUnitId = unit;
                job.CursorItemId = running[^1].Id;
            }
            if (handled >= batch) break;
            job.CursorUnitId = unit + 1;
            job.CursorItemId = 0;
        }
        if (job.CursorUnitId > units.LastOrDefault() || units.Count == 0) job.DoneAt = clock.GetUtcNow();
        return await CommitAsync(tx, ct) ? Math.Max(handled, 1) : 0;
    }

    /// <summary>
    /// Commits the batch, or, when someone acted on one of its requests meanwhile, keeps nothing of it: the work is
    /// still due and is found again by the next sweep.
    /// </summary>
    private async Task<bool> CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            log.LogInformation("A deadline batch lost a race with another change; it will be retried");
            return false;
        }
    }

    private static IEnumerable<int> Subtree(WorkCalendars.Snapshot snapshot, int root)
    {
        var children = snapshot.Parents.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);
        var stack = new Stack<int>([root]);
        while (stack.Count > 0)
        {
            var u = stack.Pop();
            yield return u;
            foreach (var c in children[u]) stack.Push(c);
        }
    }
}
