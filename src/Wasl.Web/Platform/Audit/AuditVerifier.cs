using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Audit;

/// <summary>The first broken link: where (seal sequence number, entry id) and what is wrong.</summary>
internal sealed record AuditBreak(long? Seq, long? EntryId, string Problem);

internal sealed record AuditVerification(long Seals, long Anchors, long Pending, AuditBreak? Break)
{
    public bool Intact => Break is null;
}

/// <summary>
/// Walks the chain in sequence order and recomputes every link from the entry as it is stored now; checks each anchor
/// (the database's, and any given from the log) and that every entry is sealed or still within the sealing window.
/// </summary>
internal static class AuditVerifier
{
    private const int Page = 2000;

    public static async Task<AuditVerification> VerifyAsync(WaslDbContext db, DateTimeOffset now, TimeSpan window, IReadOnlyDictionary<long, string> externalAnchors, CancellationToken ct)
    {
        var anchors = await db.Set<AuditAnchor>().AsNoTracking().OrderBy(a => a.Seq).Select(a => new { a.Seq, a.Hash }).ToListAsync(ct);
        var expected = new Dictionary<long, (string Hash, string Source)>();
        foreach (var a in anchors) expected.TryAdd(a.Seq, (a.Hash, "database anchor"));
        long seq = 0;
        var hash = AuditHash.Genesis;
        var pendingCount = await db.Set<AuditPending>().LongCountAsync(ct);
        while (true)
        {
            var seals = await db.Set<AuditSeal>().AsNoTracking().Where(s => s.Seq > seq).OrderBy(s => s.Seq).Take(Page).ToListAsync(ct);
            if (seals.Count == 0) break;
            var ids = seals.Select(s => s.EntryId).ToList();
            var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            foreach (var seal in seals)
            {
                if (seal.Seq != seq + 1)
                    return Broken(seq + 1, null, $"seal missing: seal {seq + 1} is gone (the next one is {seal.Seq})");
                if (!string.Equals(seal.PreviousHash, hash, StringComparison.Ordinal))
                    return Broken(seal.Seq, seal.EntryId, $"link broken: the previous hash of seal {seal.Seq} is not the hash of seal {seq}");
                if (!entries.TryGetValue(seal.EntryId, out var entry))
                    return Broken(seal.Seq, seal.EntryId, $"entry missing: seal {seal.Seq} names entry {seal.EntryId}, which is gone");
                var link = AuditHash.Link(hash, entry);
                if (!string.Equals(link, seal.Hash, StringComparison.Ordinal))
                    return Broken(seal.Seq, seal.EntryId, $"content changed: entry {seal.EntryId} no longer matches its seal {seal.Seq}");
                foreach (var (anchorHash, source) in Anchored(seal.Seq))
                    if (!string.Equals(anchorHash, link, StringComparison.Ordinal))
                        return Broken(seal.Seq, seal.EntryId, $"anchor mismatch: the {source} at seal {seal.Seq} holds another hash");
                seq = seal.Seq;
                hash = link;
            }
        }
        var beyond = expected.Select(a => (Seq: a.Key, a.Value.Source)).Concat(externalAnchors.Keys.Select(k => (Seq: k, Source: "anchor given")))
            .Where(a => a.Seq > seq).OrderBy(a => a.Seq).FirstOrDefault();
        if (beyond.Source is not null)
            return Broken(beyond.Seq, null, $"seal missing: the {beyond.Source} names seal {beyond.Seq}, beyond the chain's last seal {seq}");

        // Every entry is sealed, or waits in the queue (and not longer than the sealing window).
        var orphan = await db.Set<AuditEntry>().AsNoTracking()
            .Where(e => !db.Set<AuditSeal>().Any(s => s.EntryId == e.Id) && !db.Set<AuditPending>().Any(p => p.EntryId == e.Id))
            .OrderBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (orphan is { } o) return Broken(null, o, $"seal missing: entry {o} is neither sealed nor waiting to be sealed");
        var cutoff = now - window;
        var stale = await db.Set<AuditPending>().AsNoTracking().Where(p => p.Entry!.At < cutoff).OrderBy(p => p.EntryId).Select(p => (long?)p.EntryId).FirstOrDefaultAsync(ct);
        if (stale is { } s) return Broken(null, s, $"seal missing: entry {s} is older than the sealing window ({window.TotalMinutes:0} minutes) and still not sealed");
        return new AuditVerification(seq, anchors.Count, pendingCount, null);

        IEnumerable<(string Hash, string Source)> Anchored(long at)
        {
            if (expected.TryGetValue(at, out var a)) yield return a;
            if (externalAnchors.TryGetValue(at, out var x)) yield return (x, "anchor given");
        }

        AuditVerification Broken(long? brokenSeq, long? entryId, string problem) =>
            new(seq, anchors.Count, pendingCount, new AuditBreak(brokenSeq, entryId, problem));
    }
}
