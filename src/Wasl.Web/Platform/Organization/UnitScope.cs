using System.Linq.Expressions;

namespace Wasl.Web.Platform.Organization;

/// <summary>
/// The units where a person holds a right, in the form a list of rows filtered by unit is cheapest to ask for
/// (<see cref="OrgAccess.ScopeAsync"/>), so that every module's lists and counts inherit one rule whose cost does not
/// grow with the archive:
/// <list type="bullet">
/// <item>the whole tree (every root held): no condition at all;</item>
/// <item>one unit: <c>"UnitId" = @id</c>, so that unit's (unit, id) index entries come in id order;</item>
/// <item>up to <see cref="MaxListed"/> units: the unit ids themselves, as <c>"UnitId" = ANY(@ids)</c> (SQLite: an IN list).
/// The planner then reads the column's own statistics and can combine the ids with a second index column, e.g. the
/// "mine" count as one probe of (assignee, unit) per unit, instead of joining the units table and ANDing the whole of
/// each unit's index with the assignee's (docs/PERFORMANCE.md, issue 12);</item>
/// <item>more units: the subtree as a correlated condition on <see cref="Unit.Path"/> (one indexed prefix per scope).</item>
/// </list>
/// </summary>
internal sealed class UnitScope
{
    /// <summary>Above this many units the ids are no longer listed; the subtree is joined instead.</summary>
    public const int MaxListed = 2000;

    internal UnitScope(bool everything, IReadOnlyList<int>? ids, IQueryable<Unit> units)
    {
        IsEverything = everything;
        Ids = ids;
        Units = units;
    }

    /// <summary>The right is held at every root: nothing is filtered out.</summary>
    public bool IsEverything { get; }

    /// <summary>The units' ids when there are at most <see cref="MaxListed"/> of them (empty: the right is held nowhere); otherwise null.</summary>
    public IReadOnlyList<int>? Ids { get; }

    /// <summary>The units as a query (one indexed prefix condition per scope), e.g. for a filter's unit choice.</summary>
    public IQueryable<Unit> Units { get; }

    /// <summary>The rows of <paramref name="source"/> whose unit (<paramref name="unitId"/>) lies in the scope.</summary>
    public IQueryable<T> Filter<T>(IQueryable<T> source, Expression<Func<T, int>> unitId)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(unitId);
        if (IsEverything) return source;
        Expression<Func<int, bool>> test;
        if (Ids is { Count: 0 }) test = _ => false;
        else if (Ids is [var only])
        {
            // One unit (a school): plain equality, so an index on (unit, …, id) also gives the rows in id order and a
            // newest-first page walks that unit's own entries instead of a national index.
            test = id => id == only;
        }
        else if (Ids is not null)
        {
            // A captured array: EF sends it as one parameter (PostgreSQL "= ANY (@ids)"), so the SQL text, and the
            // cached plan, are the same for every scope size.
            var ids = Ids.ToArray();
            test = id => ids.Contains(id);
        }
        else
        {
            var units = Units;
            test = id => units.Any(u => u.Id == id);
        }
        var body = new Substitute(test.Parameters[0], unitId.Body).Visit(test.Body);
        return source.Where(Expression.Lambda<Func<T, bool>>(body, unitId.Parameters));
    }

    /// <summary>Replaces a lambda's parameter by an expression (here: the row's unit id), so the provider sees one plain predicate.</summary>
    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
