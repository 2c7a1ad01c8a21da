using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Identity;

/// <summary>
/// Which staff must use an authenticator (section Identity:TwoFactor). The default follows who reads personal data
/// beyond their own unit; <see cref="OrgAccess"/> decides reach: every right held at a unit reaches its whole subtree.
/// <list type="bullet">
/// <item>Administrator, anywhere: manages staff accounts and roles of the subtree (and at the root, API keys).</item>
/// <item>Supervisor: a viewer of basic data and of the requests of its subtree, placed at the ministry.</item>
/// <item>CallCenterAgent: files and looks up requests for any caller, so reads people's requests nationally.</item>
/// <item>Any role held at a root unit (the ministry): its subtree is the whole country.</item>
/// <item>Coordinator (the other viewer role) held at a unit with units below it, such as a directorate: it reads the
/// requests and staff of every school under it. A coordinator, principal or editor of a leaf unit (a school) reads
/// its own unit only and keeps password sign-in.</item>
/// </list>
/// </summary>
internal sealed class TwoFactorOptions
{
    public const string Section = "Identity:TwoFactor";

    /// <summary>Comma-separated staff roles that need two-factor wherever they are held. Must include Administrator.</summary>
    public string Roles { get; set; } = "Administrator,Supervisor,CallCenterAgent";

    /// <summary>Comma-separated roles that need two-factor when held at a unit that has units below it.</summary>
    public string SubtreeRoles { get; set; } = "Coordinator";

    /// <summary>Any role held at a root unit (the ministry) needs two-factor.</summary>
    public bool AnyRoleAtRoot { get; set; } = true;

    internal IReadOnlyList<StaffRole> ParsedRoles => Parse(Roles);
    internal IReadOnlyList<StaffRole> ParsedSubtreeRoles => Parse(SubtreeRoles);

    internal static IReadOnlyList<StaffRole> Parse(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => Enum.Parse<StaffRole>(r, ignoreCase: true))];
}

/// <summary>Answers, at sign-in (when the cookie's claims are made), whether this staff account needs two-factor.</summary>
internal sealed class TwoFactorPolicy(WaslDbContext db, IOptions<TwoFactorOptions> options)
{
    public async Task<bool> RequiredAsync(Guid userId, CancellationToken ct)
    {
        var o = options.Value;
        var roles = o.ParsedRoles;
        var subtreeRoles = o.ParsedSubtreeRoles;
        var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
            .Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r.Role, u.ParentId, HasChildren = db.Units.Any(c => c.ParentId == u.Id) })
            .ToListAsync(ct);
        return grants.Any(g => roles.Contains(g.Role)
            || (o.AnyRoleAtRoot && g.ParentId == null)
            || (g.HasChildren && subtreeRoles.Contains(g.Role)));
    }
}
