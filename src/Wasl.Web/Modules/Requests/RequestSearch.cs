using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// Word search through the database's full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL; see
/// Platform/Data/Extras). Terms come from <see cref="Platform.Localization.SearchText.QueryTerms"/>: normalized and
/// stemmed exactly as the indexed form was, so the index never needs to know Arabic.
/// </summary>
public sealed class RequestSearch(WaslDbContext db, IOptions<RequestsOptions> options)
{
    /// <summary>Requests containing every term; compose visibility, order and paging on top.</summary>
    public async Task<IQueryable<Request>> MatchingAsync(IReadOnlyList<string> terms, IQueryable<Unit>? units, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(terms);
        IQueryable<Request> Scoped(IQueryable<Request> q) => units is null ? q : q.Where(r => units.Any(u => u.Id == r.UnitId));
        if (db.Database.IsNpgsql())
        {
            // plainto_tsquery parses the terms with the same parser that built the vector and joins them with AND.
            var text = string.Join(' ', terms);
            // PostgreSQL cannot estimate a rare word: it guesses thousands of matches and walks the whole primary key
            // newest first looking for a page (seconds at a million rows). So ask the GIN index first, capped: a rare
            // word's few ids are then sorted and paged on their own; a frequent one keeps the newest-first walk, which
            // meets a page of matches within a few hundred rows (docs/PERFORMANCE.md).
            // The probe is limited to what the searcher may see, so "frequent" means frequent within their units.
            var cap = options.Value.SearchRareCap;
            var matches = Scoped(db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "SearchVector" @@ plainto_tsquery('simple'::regconfig, {text})"""));
            var ids = await matches.Select(r => r.Id).Take(cap + 1).ToListAsync(ct);
            return ids.Count <= cap ? Scoped(db.Set<Request>().Where(r => ids.Contains(r.Id))) : matches;
        }
        // Each term quoted: FTS5 reads the quoted strings as plain tokens, never as query syntax, and ANDs them.
        var match = string.Join(' ', terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        return Scoped(db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "Id" IN (SELECT rowid FROM "RequestsSearch" WHERE "RequestsSearch" MATCH {match})"""));
    }
}
