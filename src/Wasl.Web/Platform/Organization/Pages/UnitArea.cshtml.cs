using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>
/// The area a unit serves (reports with a location inside it go to the unit). Viewers of the unit see it; its
/// administrators (of the unit or an ancestor) set, replace or clear it by pasting GeoJSON or uploading a .geojson file.
/// A unit outside the person's subtrees is "not found"; a viewer who posts anyway is refused.
/// Areas route reports, so they nest: a unit's area lies inside the nearest ancestor's area and holds its children's,
/// and an administrator below the ministry draws only inside an area drawn above them (their directorate's area is the
/// ministry's to set). Otherwise a directorate could stretch its area, or draw one where it has none, over another
/// directorate's school and take its reports (issue 11, point 3).
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class UnitAreaModel(WaslDbContext db, OrgAccess access, UnitAreas areas, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>Uploaded files larger than this are refused before they are read.</summary>
    public const int MaxUploadBytes = 2 * 1024 * 1024;

    public Unit Unit { get; private set; } = null!;
    public UnitArea? Current { get; private set; }
    public bool CanManage { get; private set; }

    [BindProperty]
    [StringLength(GeoJsonArea.MaxLength, ErrorMessage = "Areas.TooLarge")]
    public string? GeoJson { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        GeoJson = Current?.GeoJson;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxUploadBytes)
            {
                ModelState.AddModelError(nameof(Upload), t["Areas.TooLarge"]);
                return Page();
            }
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            GeoJson = await reader.ReadToEndAsync(ct);
            ModelState.Remove(nameof(GeoJson));
        }
        if (!ModelState.IsValid) return Page();
        if (!GeoJsonArea.TryParse(GeoJson, out var area, out var error))
        {
            ModelState.AddModelError(nameof(GeoJson), t[error]);
            return Page();
        }
        if ((await OutsideReachAsync(ct) ?? await areas.ContainmentAsync(Unit, area!, ct)) is { } refusal)
        {
            ModelState.AddModelError(nameof(GeoJson), t[refusal.Key, refusal.Other.Name]);
            return Page();
        }
        await areas.SetAsync(id, area, clock.GetUtcNow(), ct);
        TempData["Notice"] = t["Areas.Saved"].Value;
        return RedirectToPage(new { id, handler = (string?)null });
    }

    public async Task<IActionResult> OnPostClearAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        if (await OutsideReachAsync(ct) is { } refusal)
        {
            GeoJson = Current?.GeoJson;
            ModelState.AddModelError(nameof(GeoJson), t[refusal.Key, refusal.Other.Name]);
            return Page();
        }
        await areas.SetAsync(id, null, clock.GetUtcNow(), ct);
        TempData["Notice"] = t["Areas.Cleared"].Value;
        return RedirectToPage(new { id, handler = (string?)null });
    }

    /// <summary>
    /// Null when the person may set or clear this unit's area: they administer a root (national), or the area it must
    /// lie in was drawn inside their own reach. Otherwise the refusal names the top of their reach, whose area is set above them.
    /// </summary>
    private async Task<(string Key, Unit Other)?> OutsideReachAsync(CancellationToken ct)
    {
        if (await access.HoldsAtRootAsync(OrgRight.Manage, ct)) return null;
        var scopes = await access.ScopesAsync(OrgRight.Manage, ct);
        if (await areas.BoundingAncestorAsync(Unit, ct) is { } bound && OrgAccess.Covers(scopes, bound.Unit.Path)) return null;
        var top = scopes.Where(Unit.IsWithin).MinBy(s => s.Length) ?? Unit.Path;
        var topId = UnitTree.Ids(top)[^1];
        return ("Areas.SetAbove", await db.Units.AsNoTracking().SingleAsync(u => u.Id == topId, ct));
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null || !await access.CanAsync(OrgRight.View, unit.Path, ct)) return false;
        Unit = unit;
        CanManage = await access.CanAsync(OrgRight.Manage, unit.Path, ct);
        Current = await areas.FindAsync(id, ct);
        return true;
    }
}
