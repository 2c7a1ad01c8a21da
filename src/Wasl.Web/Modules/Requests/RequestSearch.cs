using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// Word search through the database's full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL; see
/// Platform/Data/Extras). Terms come from <see cref="Platform.Localization.SearchText.QueryTerms"/>: normalized and
/// stemmed exactly as the indexed form was, so the index never needs to know Arabic.
/// </summary>
public sealed class RequestSearch(WaslDbContext db)
{
    /// <summary>Requests containing every term; compose visibility, order and paging on top.</summary>
    public IQueryable<Request> Matching(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (db.Database.IsNpgsql())
        {
            // plainto_tsquery parses the terms with the same parser that built the vector and joins them with AND.
            var text = string.Join(' ', terms);
            return db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "SearchVector" @@ plainto_tsquery('simple'::regconfig, {text})""");
        }
        // Each term quoted: FTS5 reads the quoted strings as plain tokens, never as query syntax, and ANDs them.
        var match = string.Join(' ', terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        return db.Set<Request>().FromSql($"""SELECT * FROM "Requests" WHERE "Id" IN (SELECT rowid FROM "RequestsSearch" WHERE "RequestsSearch" MATCH {match})""");
    }
}
