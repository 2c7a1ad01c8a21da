using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>The units the person may see, in tree order, a page at a time (keyed on the path, never OFFSET).</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class UnitsModel(OrgAccess access) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<UnitRow> Rows { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public int BaseDepth { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await access.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        var query = await access.VisibleUnitsAsync(OrgRight.View, ct);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            var code = q.ToUpperInvariant();
            query = query.Where(u => u.Name.Contains(q) || (u.NameLatin != null && u.NameLatin.Contains(q)) || u.Code == code);
        }
        if (!string.IsNullOrEmpty(After)) query = query.Where(u => u.Path.CompareTo(After) > 0);
        var rows = await query.OrderBy(u => u.Path).Take(PageSize + 1)
            .Select(u => new UnitRow(u.Id, u.Code, u.Name, u.NameLatin, u.Kind!.Name, u.Depth, u.Path, u.IsActive))
            .ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextAfter = rows[^1].Path;
        }
        Rows = rows;
        BaseDepth = rows.Count == 0 ? 0 : rows.Min(r => r.Depth);
        return Page();
    }
}

internal sealed record UnitRow(int Id, string Code, string Name, string? NameLatin, string Kind, int Depth, string Path, bool IsActive);
