using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// Word search through the database's full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL; see
/// Modules/Requests/Data/Extras). Terms come from <see cref="Platform.Localization.SearchText.QueryTerms"/>: normalized and
/// stemmed exactly as the indexed form was, so the index never needs to know Arabic.
/// </summary>
internal sealed class RequestSearch(WaslDbContext db, IOptions<RequestsOptions> options)
{
    /// <summary>Requests containing every term; compose visibility, order and paging on top.</summary>
    public Task<IQueryable<Request>> MatchingAsync(IReadOnlyList<string> terms, CancellationToken ct) => MatchingAsync(terms, null, ct);

    /// <summary>
    /// The same, for a searcher whose <paramref name="scope"/> the caller then applies: when the scope is one unit (a
    /// school) and the word is frequent, the match is written so that PostgreSQL does not read the word's national
    /// posting list (which grows with the archive) but walks that unit's own (unit, id) entries newest first until a page
    /// is full: a cost set by how often the word occurs in the unit, not by the size of the archive (issue 12).
    /// </summary>
    public async Task<IQueryable<Request>> MatchingAsync(IReadOnlyList<string> terms, Platform.Organization.UnitScope? scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (db.Database.IsNpgsql())
        {
            // plainto_tsquery parses the terms with the same parser that built the vector and joins them with AND.
            var text = string.Join(' ', terms);
            // PostgreSQL cannot estimate a rare word: it guesses thousands of matches and walks the whole primary key
            // newest first looking for a page (seconds at a million rows). So ask the GIN index first, capped: a rare
            // word's few ids are then sorted and paged on their own; a frequent one keeps the newest-first walk, which
            // meets a page of matches within a few hundred rows (docs/PERFORMANCE.md). The probe is deliberately not
            // limited to the searcher's units: measured, a scoped probe cost 20-250 ms where this one costs 0.1-5 ms.
            // Its blind spot, a word frequent nationally but rare in a small scope, wants a GIN index on (unit, words).
            var cap = options.Value.SearchRareCap;
            var ids = await db.Database.SqlQuery<long>(
                $"""SELECT "Id" AS "Value" FROM "Requests" WHERE "SearchVector" @@ plainto_tsquery('simple'::regconfig, {text}) LIMIT {cap + 1}""")
                .ToListAsync(ct);
            if (ids.Count <= cap) return db.Set<Request>().Where(r => ids.Contains(r.Id));
            // ts_match_vq is the function behind @@: the same test, which the GIN index does not serve.
            if (scope?.Ids is [_])
                return db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE ts_match_vq("SearchVector", plainto_tsquery('simple'::regconfig, {text}))""");
            return db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "SearchVector" @@ plainto_tsquery('simple'::regconfig, {text})""");
        }
        // Each term quoted: FTS5 reads the quoted strings as plain tokens, never as query syntax, and ANDs them.
        var match = string.Join(' ', terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        return db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "Id" IN (SELECT rowid FROM "RequestsSearch" WHERE "RequestsSearch" MATCH {match})""");
    }
}
