using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Organization;

/// <summary>What a person may do with basic data. Every right is held at a unit and reaches its subtree.</summary>
internal enum OrgRight
{
    /// <summary>See units, positions and staff accounts.</summary>
    View,

    /// <summary>Create and change units, positions, staff accounts and role assignments.</summary>
    Manage,

    /// <summary>
    /// Take calls: find callers and their requests by mobile or national ID, and file for them. Call-center agents and
    /// those who coordinate (coordinators, supervisors, administrators); an agent of the national call centre holds it at the root.
    /// </summary>
    CallCenter,
}

/// <summary>What the current person may do with one staff account.</summary>
internal enum AccountAccess
{
    /// <summary>The account does not exist for them (404).</summary>
    None,
    View,

    /// <summary>Change its data, roles, lock and two-factor; appoint it to a position or a delegation.</summary>
    Manage,
}

/// <summary>
/// The current person's place in the tree, loaded once per request. Every basic-data handler asks it before it
/// shows or changes anything: a unit outside the person's subtrees does not exist for them.
/// </summary>
internal sealed class OrgAccess(WaslDbContext db, IHttpContextAccessor http)
{
    private static readonly StaffRole[] Viewers = [StaffRole.Administrator, StaffRole.Coordinator, StaffRole.Supervisor];
    private static readonly StaffRole[] CallTakers = [StaffRole.CallCenterAgent, StaffRole.Coordinator, StaffRole.Supervisor, StaffRole.Administrator];
    private IReadOnlyList<(StaffRole Role, int UnitId, string Path)>? _grants;
    private readonly Dictionary<OrgRight, UnitScope> _unitScopes = [];

    /// <summary>How many units <see cref="ScopeAsync"/> lists before it joins the subtree instead (lowered by tests to reach that case).</summary>
    internal int MaxListedUnits { get; set; } = UnitScope.MaxListed;

    public Guid? UserId =>
        Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<IReadOnlyList<(StaffRole Role, int UnitId, string Path)>> GrantsAsync(CancellationToken ct)
    {
        if (_grants is not null) return _grants;
        var user = UserId;
        if (user is null) return _grants = [];
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == user)
            .Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r.Role, r.UnitId, u.Path })
            .ToListAsync(ct);
        return _grants = [.. rows.Select(r => (r.Role, r.UnitId, r.Path))];
    }

    /// <summary>The unit paths where the right starts, with nested ones removed.</summary>
    public async Task<IReadOnlyList<string>> ScopesAsync(OrgRight right, CancellationToken ct)
    {
        var roles = right switch
        {
            OrgRight.Manage => [StaffRole.Administrator],
            OrgRight.CallCenter => CallTakers,
            _ => Viewers,
        };
        var paths = (await GrantsAsync(ct)).Where(g => roles.Contains(g.Role)).Select(g => g.Path).Distinct().OrderBy(p => p.Length).ToList();
        return [.. paths.Where(p => !paths.Any(q => q.Length < p.Length && p.StartsWith(q, StringComparison.Ordinal)))];
    }

    public async Task<bool> CanAsync(OrgRight right, string unitPath, CancellationToken ct) => Covers(await ScopesAsync(right, ct), unitPath);

    /// <summary>Whether one of the scopes (unit paths) holds the unit at <paramref name="unitPath"/>: for checking many units against one <see cref="ScopesAsync"/>.</summary>
    public static bool Covers(IReadOnlyList<string> scopes, string unitPath) => scopes.Any(s => unitPath.StartsWith(s, StringComparison.Ordinal));

    /// <summary>The right is held at a root of the tree: national data such as unit kinds and API keys.</summary>
    public async Task<bool> HoldsAtRootAsync(OrgRight right, CancellationToken ct)
    {
        var scopes = await ScopesAsync(right, ct);
        return scopes.Count > 0 && await db.Units.AsNoTracking().AnyAsync(u => u.ParentId == null && scopes.Contains(u.Path), ct);
    }

    public async Task<bool> CanAsync(OrgRight right, int unitId, CancellationToken ct)
    {
        var path = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct);
        return path is not null && await CanAsync(right, path, ct);
    }

    public async Task<bool> HasAnyAsync(OrgRight right, CancellationToken ct) => (await ScopesAsync(right, ct)).Count > 0;

    /// <summary>
    /// Whether the person may grant <paramref name="role"/> at the unit at <paramref name="unitPath"/>: they manage that
    /// unit, and the role is not above the highest one they hold over it.
    /// </summary>
    public async Task<bool> MayGrantAsync(StaffRole role, string unitPath, CancellationToken ct)
    {
        if (!Covers(await ScopesAsync(OrgRight.Manage, ct), unitPath)) return false;
        var own = (await GrantsAsync(ct)).Where(g => unitPath.StartsWith(g.Path, StringComparison.Ordinal)).Select(g => StaffRoles.Rank(g.Role)).DefaultIfEmpty(-1).Max();
        return StaffRoles.Rank(role) <= own;
    }

    /// <summary>
    /// The one rule for staff accounts, asked by every handler that shows or changes one. The account's home unit
    /// must lie in the person's subtrees, and so must every place the account holds power at: its roles, the positions
    /// it holds and its delegations (ended ones too, kept simple and strict). Otherwise a directorate administrator
    /// could reset the two-factor and change the mobile of a ministry administrator whose home unit lies in the
    /// directorate, then take the account over with "forgot password". Managing also needs every role of the account
    /// to be one the person may grant (<see cref="MayGrantAsync"/>).
    /// </summary>
    public async Task<AccountAccess> AccountAccessAsync(Guid accountId, CancellationToken ct)
    {
        var home = await db.Users.AsNoTracking().Where(u => u.Id == accountId && u.Kind == AccountKind.Staff)
            .Join(db.Units, u => u.HomeUnitId, un => un.Id, (_, un) => un.Path).SingleOrDefaultAsync(ct);
        if (home is null) return AccountAccess.None;
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == accountId)
            .Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r.Role, u.Path }).ToListAsync(ct);
        var posts = await db.Positions.AsNoTracking().Where(p => p.HolderId == accountId).Select(p => p.Unit!.Path)
            .Concat(db.Delegations.AsNoTracking().Where(d => d.DelegateId == accountId).Select(d => d.Position!.Unit!.Path)).ToListAsync(ct);
        var view = await ScopesAsync(OrgRight.View, ct);
        if (!Covers(view, home) || roles.Any(r => !Covers(view, r.Path)) || posts.Any(p => !Covers(view, p))) return AccountAccess.None;
        var manage = await ScopesAsync(OrgRight.Manage, ct);
        if (!Covers(manage, home) || posts.Any(p => !Covers(manage, p))) return AccountAccess.View;
        foreach (var r in roles)
            if (!await MayGrantAsync(r.Role, r.Path, ct)) return AccountAccess.View;
        return AccountAccess.Manage;
    }

    /// <summary>
    /// Staff accounts the person may see by <see cref="AccountAccessAsync"/>, as a query: home unit in their subtrees
    /// and no role, position or delegation outside them.
    /// </summary>
    public async Task<IQueryable<WaslUser>> VisibleStaffAsync(CancellationToken ct)
    {
        var units = await VisibleUnitsAsync(OrgRight.View, ct);
        return db.Users.AsNoTracking().Where(u => u.Kind == AccountKind.Staff && units.Any(v => v.Id == u.HomeUnitId)
            && !db.RoleAssignments.Any(r => r.UserId == u.Id && !units.Any(v => v.Id == r.UnitId))
            && !db.Positions.Any(p => p.HolderId == u.Id && !units.Any(v => v.Id == p.UnitId))
            && !db.Delegations.Any(d => d.DelegateId == u.Id && !units.Any(v => v.Id == d.Position!.UnitId)));
    }

    /// <summary>
    /// The position the signed-in person acts in for work at <paramref name="unitId"/>: one they hold or act for by a
    /// delegation valid now, the nearest to that unit (the unit itself, then its ancestors), else any they hold.
    /// </summary>
    public async Task<(string Title, bool ByDelegation)?> ActingPositionAsync(int unitId, DateTimeOffset now, CancellationToken ct)
    {
        if (UserId is not { } me) return null;
        var held = await db.Positions.AsNoTracking().Where(p => p.IsActive && p.HolderId == me)
            .Select(p => new { p.Title, Path = p.Unit!.Path, ByDelegation = false }).ToListAsync(ct);
        var delegated = (await db.Delegations.AsNoTracking().Where(d => d.DelegateId == me && d.Position!.IsActive)
            .Select(d => new { d.StartsAt, d.EndsAt, d.Position!.Title, Path = d.Position.Unit!.Path }).ToListAsync(ct))
            .Where(d => d.StartsAt <= now && (d.EndsAt is null || now < d.EndsAt))
            .Select(d => new { d.Title, d.Path, ByDelegation = true });
        var candidates = held.Concat(delegated).ToList();
        if (candidates.Count == 0) return null;
        var unitPath = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "";
        var best = candidates.Where(c => unitPath.StartsWith(c.Path, StringComparison.Ordinal)).MaxBy(c => c.Path.Length)
            ?? candidates.Where(c => !c.ByDelegation).MinBy(c => c.Path.Length) ?? candidates[0];
        return (best.Title, best.ByDelegation);
    }

    /// <summary>
    /// Where the person holds <paramref name="right"/>, in the form lists filter by (<see cref="UnitScope"/>): the whole
    /// tree, the unit ids, or the subtree query when there are more than <see cref="UnitScope.MaxListed"/> units. Asked
    /// once per right and request (two small reads of the units table).
    /// </summary>
    public async Task<UnitScope> ScopeAsync(OrgRight right, CancellationToken ct)
    {
        if (_unitScopes.TryGetValue(right, out var known)) return known;
        var scopes = await ScopesAsync(right, ct);
        var units = await VisibleUnitsAsync(right, ct);
        UnitScope scope;
        if (scopes.Count == 0) scope = new UnitScope(false, [], units);
        else
        {
            var roots = await db.Units.AsNoTracking().Where(u => u.ParentId == null).Select(u => u.Path).ToListAsync(ct);
            if (roots.Count > 0 && roots.All(r => Covers(scopes, r))) scope = new UnitScope(true, null, units);
            else
            {
                var ids = await units.Select(u => u.Id).Take(MaxListedUnits + 1).ToListAsync(ct);
                scope = new UnitScope(false, ids.Count > MaxListedUnits ? null : ids, units);
            }
        }
        _unitScopes[right] = scope;
        return scope;
    }

    /// <summary>Units the person may see, as a query to filter further; one indexed prefix condition per scope.</summary>
    public async Task<IQueryable<Unit>> VisibleUnitsAsync(OrgRight right, CancellationToken ct)
    {
        var scopes = await ScopesAsync(right, ct);
        var query = db.Units.AsNoTracking();
        return scopes.Count == 0 ? query.Where(_ => false) : query.Where(WithinAny(scopes));
    }

    /// <summary>u => u.Path.StartsWith(s1) || u.Path.StartsWith(s2) …, which every provider turns into indexed LIKE 'prefix%'.</summary>
    private static System.Linq.Expressions.Expression<Func<Unit, bool>> WithinAny(IReadOnlyList<string> scopes)
    {
        var u = System.Linq.Expressions.Expression.Parameter(typeof(Unit), "u");
        var path = System.Linq.Expressions.Expression.Property(u, nameof(Unit.Path));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        System.Linq.Expressions.Expression body = System.Linq.Expressions.Expression.Constant(false);
        foreach (var scope in scopes)
            body = System.Linq.Expressions.Expression.OrElse(body, System.Linq.Expressions.Expression.Call(path, startsWith, System.Linq.Expressions.Expression.Constant(scope)));
        return System.Linq.Expressions.Expression.Lambda<Func<Unit, bool>>(body, u);
    }
}
