using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// Recompute jobs: queued with the change that calls for them (same unit of work), claimed by each subject's sweep.
/// A calendar serves every subject, so a calendar change queues a job for every registered <see cref="IDeadlineSweep"/>;
/// a policy belongs to one subject, so a policy change queues that subject's job only.
/// </summary>
internal sealed class DeadlineRecomputes(WaslDbContext db, IEnumerable<IDeadlineSweep> sweeps)
{
    /// <summary>The subjects with deadlines: one per registered sweep.</summary>
    public IReadOnlyList<string> Subjects { get; } = [.. sweeps.Select(s => s.Subject).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Adds, to the pending changes, a job per subject for the running items under <paramref name="unitId"/> (a calendar changed).</summary>
    public void QueueForEverySubject(int unitId, DateTimeOffset now)
    {
        foreach (var subject in Subjects) Queue(subject, unitId, now);
    }

    /// <summary>Adds, to the pending changes, a job for one subject's running items under <paramref name="unitId"/> (its policy changed).</summary>
    public void Queue(string subject, int unitId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        db.Add(new DeadlineRecomputeJob { Subject = subject, UnitId = unitId, CreatedAt = now });
    }

    /// <summary>
    /// Claims the oldest open job of <paramref name="subject"/> inside the caller's transaction: on PostgreSQL with
    /// FOR UPDATE SKIP LOCKED, so another node's sweep takes another job or none. Static: a sweep is one of the
    /// registered subjects, so it cannot depend on this class.
    /// </summary>
    public static Task<DeadlineRecomputeJob?> ClaimAsync(WaslDbContext db, string subject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsNpgsql()
            ? db.Set<DeadlineRecomputeJob>().FromSql($"""SELECT * FROM "DeadlineRecomputeJobs" WHERE "DoneAt" IS NULL AND "Subject" = {subject} ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED""").FirstOrDefaultAsync(ct)
            : db.Set<DeadlineRecomputeJob>().Where(j => j.DoneAt == null && j.Subject == subject).OrderBy(j => j.Id).FirstOrDefaultAsync(ct);
    }
}
