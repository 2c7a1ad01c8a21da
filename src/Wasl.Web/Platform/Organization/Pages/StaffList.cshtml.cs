using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>Staff accounts whose home unit lies in the person's subtrees, keyed by user name.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class StaffListModel(OrgAccess access) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Unit { get; set; }

    public IReadOnlyList<StaffRow> Rows { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public bool CanCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await access.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        CanCreate = await access.HasAnyAsync(OrgRight.Manage, ct);
        var units = await access.VisibleUnitsAsync(OrgRight.View, ct);
        if (Unit is { } unitId) units = units.Where(u => u.Id == unitId);
        // Only accounts the person may open: none that holds a role, position or delegation outside their subtrees.
        var query = (await access.VisibleStaffAsync(ct))
            .Join(units, u => u.HomeUnitId, un => un.Id, (u, un) => new { u, un });
        if (!string.IsNullOrEmpty(After)) query = query.Where(x => x.u.NormalizedUserName!.CompareTo(After) > 0);
        var rows = await query.OrderBy(x => x.u.NormalizedUserName).Take(PageSize + 1)
            .Select(x => new StaffRow(x.u.Id, x.u.UserName!, x.u.NormalizedUserName!, x.u.FullName, x.un.Name, x.u.IsActive, x.u.TwoFactorEnabled))
            .ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextAfter = rows[^1].Key;
        }
        Rows = rows;
        return Page();
    }
}

internal sealed record StaffRow(Guid Id, string UserName, string Key, string FullName, string Unit, bool IsActive, bool TwoFactor);
