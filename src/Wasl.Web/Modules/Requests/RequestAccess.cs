using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// Who may see which request. Staff: requests whose current unit lies in their subtrees. A beneficiary: their own.
/// A guest: number and secret together, never the number alone.
/// </summary>
internal sealed class RequestAccess(WaslDbContext db, OrgAccess org)
{
    public Task<IQueryable<Request>> VisibleToStaffAsync(CancellationToken ct) => VisibleToStaffAsync(db.Set<Request>(), ct);

    /// <summary>The requests of <paramref name="source"/> (e.g. a full-text match) that the signed-in staff member may see.</summary>
    public Task<IQueryable<Request>> VisibleToStaffAsync(IQueryable<Request> source, CancellationToken ct) => VisibleToStaffAsync(source, OrgRight.View, ct);

    /// <summary>
    /// The requests of <paramref name="source"/> whose current unit lies where the person holds <paramref name="right"/>
    /// (e.g. the call-center lookup), through the shared <see cref="UnitScope"/> filter.
    /// </summary>
    public async Task<IQueryable<Request>> VisibleToStaffAsync(IQueryable<Request> source, OrgRight right, CancellationToken ct)
    {
        var scope = await org.ScopeAsync(right, ct);
        return scope.Filter(source.AsNoTracking(), r => r.UnitId);
    }

    public async Task<Request?> ForStaffAsync(string number, CancellationToken ct) =>
        await (await VisibleToStaffAsync(ct)).SingleOrDefaultAsync(r => r.Number == number, ct);

    /// <summary>The same check, returning a tracked entity to act on.</summary>
    /// <remarks>
    /// Two queries on purpose: composing the scope (built on a no-tracking units query) into this tracked query leaves
    /// the request untracked, and the action's changes would be lost (the workflow tests catch it).
    /// </remarks>
    public async Task<Request?> ForStaffActionAsync(string number, CancellationToken ct)
    {
        var request = await db.Set<Request>().SingleOrDefaultAsync(r => r.Number == number, ct);
        return request is not null && await org.CanAsync(OrgRight.View, request.UnitId, ct) ? request : null;
    }

    /// <summary>The same check by id, for what hangs off a request (its attachments).</summary>
    public async Task<bool> StaffCanSeeAsync(long requestId, CancellationToken ct) =>
        await (await VisibleToStaffAsync(ct)).AnyAsync(r => r.Id == requestId, ct);
}
