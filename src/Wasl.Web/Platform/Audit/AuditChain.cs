using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Operations;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// Seals pending entries in id order: one sealer at a time (PostgreSQL: a transaction-scoped advisory lock that a busy
/// node skips rather than waits for; SQLite: its single writer), each seal linking to the previous one. Writers never
/// touch the chain's head: they only insert, so they never wait for each other (docs/adr/0010-audit-trail.md).
/// </summary>
internal static class AuditChain
{
    private const long SealLockKey = 0x5741534C_41554454; // "WASLAUDT"

    /// <summary>Seals up to one batch; returns how many entries it sealed (0 when another node holds the lock or nothing waits).</summary>
    public static async Task<int> SealBatchAsync(WaslDbContext db, AuditOptions options, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        if (!await db.Set<AuditPending>().AnyAsync(ct)) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()
            && !(await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({SealLockKey}) AS \"Value\"").ToListAsync(ct))[0])
            return 0;
        var head = await db.Set<AuditSeal>().AsNoTracking().OrderByDescending(s => s.Seq).Select(s => new { s.Seq, s.Hash }).FirstOrDefaultAsync(ct);
        var batch = await db.Set<AuditPending>().AsNoTracking().OrderBy(p => p.EntryId).Take(options.SealBatch).Select(p => p.Entry!).ToListAsync(ct);
        if (batch.Count == 0) return 0;
        var seq = head?.Seq ?? 0;
        var hash = head?.Hash ?? AuditHash.Genesis;
        var sealedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        foreach (var entry in batch)
        {
            var link = AuditHash.Link(hash, entry);
            db.Add(new AuditSeal { Seq = ++seq, EntryId = entry.Id, PreviousHash = hash, Hash = link, SealedAt = sealedAt });
            hash = link;
        }
        var anchor = await db.Set<AuditAnchor>().AsNoTracking().OrderByDescending(a => a.Seq).Select(a => new { a.Seq, a.At }).FirstOrDefaultAsync(ct);
        var anchored = anchor is null || seq - anchor.Seq >= options.AnchorEvery || now - anchor.At >= TimeSpan.FromMinutes(options.AnchorMinutes);
        if (anchored) db.Add(new AuditAnchor { Seq = seq, Hash = hash, At = sealedAt });
        await db.SaveChangesAsync(ct);
        var ids = batch.Select(e => e.Id).ToList();
        await db.Set<AuditPending>().Where(p => ids.Contains(p.EntryId)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        // The anchor also goes to the log, which leaves the database: compare it with `audit verify --anchor SEQ:HASH`.
        if (anchored) log.LogInformation("Audit anchor {Seq}:{Hash}", seq, hash);
        return batch.Count;
    }

    /// <summary>Seals everything pending now (the command and the tests call this; the sealer ticks it).</summary>
    public static async Task<int> SealAllAsync(WaslDbContext db, AuditOptions options, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        var total = 0;
        int n;
        while ((n = await SealBatchAsync(db, options, now, log, ct)) > 0) total += n;
        return total;
    }
}

/// <summary>The sealer on every node; they take turns through <see cref="AuditChain"/>'s lock.</summary>
internal sealed class AuditSealer(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditSealer> log)
    : PollingWorker(clock, log)
{
    protected override bool Enabled => options.Value.Enabled && options.Value.SealerEnabled;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.SealIntervalSeconds);

    protected override async Task TickAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await AuditChain.SealAllAsync(db, options.Value, now, scope.ServiceProvider.GetRequiredService<ILogger<AuditSealer>>(), ct);
    }
}
