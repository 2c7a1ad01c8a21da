using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>The roles, what each allows, and how many assignments of each lie in the person's subtrees.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class RolesModel(WaslDbContext db, OrgAccess access) : PageModel
{
    public IReadOnlyDictionary<StaffRole, int> Counts { get; private set; } = new Dictionary<StaffRole, int>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await access.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        var units = await access.VisibleUnitsAsync(OrgRight.View, ct);
        Counts = await db.RoleAssignments.AsNoTracking().Join(units, r => r.UnitId, u => u.Id, (r, _) => r.Role)
            .GroupBy(r => r).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return Page();
    }
}
