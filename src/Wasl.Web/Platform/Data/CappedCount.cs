using Microsoft.EntityFrameworkCore;

namespace Wasl.Web.Platform.Data;

/// <summary>
/// Counts for badges and tabs that stop at a cap ("999+"), so a count never costs a scan of a whole archive:
/// <c>SELECT count(*) FROM (… LIMIT cap + 1)</c>. A result above the cap means "more than the cap". The count starts from
/// whatever index the filter makes most selective; with <see cref="Organization.UnitScope"/> as the unit filter that is a
/// plain column condition the planner can combine with the rest (e.g. an assignee's requests among listed units).
/// </summary>
internal static class CappedCount
{
    /// <summary>The number of rows, or <paramref name="cap"/> + 1 when there are more than <paramref name="cap"/>.</summary>
    public static Task<int> CountCappedAsync<T>(this IQueryable<T> query, int cap, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cap);
        return query.Take(cap + 1).CountAsync(ct);
    }
}
