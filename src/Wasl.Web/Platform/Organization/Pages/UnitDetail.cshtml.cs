using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>
/// One unit: its data, its children, its positions and its staff. Viewers see it; administrators of the unit (or an
/// ancestor) change it, add child units and positions. A unit outside the person's subtrees is "not found".
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class UnitDetailModel(WaslDbContext db, OrgAccess access, UnitAreas areas, IStringLocalizer<SharedResource> t, IEnumerable<IUnitMoveParticipant> moveParticipants) : PageModel
{
    public Unit Unit { get; private set; } = null!;
    public IReadOnlyList<Unit> Ancestors { get; private set; } = [];
    public IReadOnlyList<Unit> Children { get; private set; } = [];
    public IReadOnlyList<(Position Position, string? Holder)> Positions { get; private set; } = [];
    public IReadOnlyList<UnitKind> Kinds { get; private set; } = [];
    public bool CanManage { get; private set; }
    public int StaffCount { get; private set; }

    /// <summary>Where this unit may be moved: units the person administers, outside this unit's own subtree.</summary>
    public IReadOnlyList<Unit> PossibleParents { get; private set; } = [];

    [BindProperty]
    public UnitInput Edit { get; set; } = new();

    [BindProperty]
    public UnitInput Child { get; set; } = new();

    [BindProperty]
    public PositionInput NewPosition { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Edit = new UnitInput { Code = Unit.Code, Name = Unit.Name, NameLatin = Unit.NameLatin, KindId = Unit.KindId, IsActive = Unit.IsActive, ParentId = Unit.ParentId };
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        ClearOthers(nameof(Edit));
        await ValidateUnitAsync(Edit, nameof(Edit), id, ct);
        var moving = Unit.ParentId is not null && Edit.ParentId is not null && Edit.ParentId != Unit.ParentId;
        if (moving && !PossibleParents.Any(p => p.Id == Edit.ParentId))
            ModelState.AddModelError("Edit.ParentId", t["Admin.UnitOutOfScope"]);
        if (moving && ModelState.IsValid && await AreaOutsideAfterMoveAsync(id, Edit.ParentId!.Value, ct) is { } bound)
            ModelState.AddModelError("Edit.ParentId", t["Areas.OutsideParent", bound]);
        if (!ModelState.IsValid) return Page();
        var unit = await db.Units.SingleAsync(u => u.Id == id, ct);
        unit.Code = Edit.Code.Trim().ToUpperInvariant();
        unit.Name = Edit.Name.Trim();
        unit.NameLatin = string.IsNullOrWhiteSpace(Edit.NameLatin) ? null : Edit.NameLatin.Trim();
        unit.KindId = Edit.KindId;
        unit.IsActive = Edit.IsActive;
        await db.SaveChangesAsync(ct);
        if (moving)
        {
            var parent = await db.Units.SingleAsync(u => u.Id == Edit.ParentId, ct);
            await new UnitTree(db, moveParticipants).MoveAsync(unit, parent, ct);
        }
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Areas nest (see UnitAreaModel): a unit with an area moves only under a parent whose area, or nearest ancestor's,
    /// holds it. Returns the name of the unit whose area it would leave, or null.
    /// </summary>
    private async Task<string?> AreaOutsideAfterMoveAsync(int id, int parentId, CancellationToken ct)
    {
        if (await areas.FindAsync(id, ct) is not { } own || !Maps.GeoJsonArea.TryParse(own.GeoJson, out var area, out _)) return null;
        var parentPath = await db.Units.AsNoTracking().Where(u => u.Id == parentId).Select(u => u.Path).SingleAsync(ct);
        var moved = new Unit { Id = id, Path = Unit.ChildPath(parentPath, id) };
        return await areas.BoundingAncestorAsync(moved, ct) is { } bound && !bound.Area.Covers(area!) ? bound.Unit.Name : null;
    }

    public async Task<IActionResult> OnPostAddChildAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        ClearOthers(nameof(Child));
        await ValidateUnitAsync(Child, nameof(Child), null, ct);
        if (!ModelState.IsValid) return Page();
        var kind = await db.UnitKinds.SingleAsync(k => k.Id == Child.KindId, ct);
        var parent = await db.Units.SingleAsync(u => u.Id == id, ct);
        var unit = await new UnitTree(db).AddAsync(parent, kind, Child.Code.Trim().ToUpperInvariant(), Child.Name.Trim(),
            string.IsNullOrWhiteSpace(Child.NameLatin) ? null : Child.NameLatin.Trim(), ct);
        TempData["Notice"] = t["Admin.UnitAdded"].Value;
        return RedirectToPage(new { id = unit.Id });
    }

    public async Task<IActionResult> OnPostAddPositionAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        ClearOthers(nameof(NewPosition));
        if (!ModelState.IsValid) return Page();
        if (NewPosition.IsHead && await db.Positions.AnyAsync(p => p.UnitId == id && p.IsHead && p.IsActive, ct))
        {
            ModelState.AddModelError("NewPosition.IsHead", t["Admin.HeadExists"]);
            return Page();
        }
        db.Positions.Add(new Position
        {
            UnitId = id,
            Title = NewPosition.Title.Trim(),
            TitleLatin = string.IsNullOrWhiteSpace(NewPosition.TitleLatin) ? null : NewPosition.TitleLatin.Trim(),
            IsHead = NewPosition.IsHead,
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage(new { id });
    }

    private void ClearOthers(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    private async Task ValidateUnitAsync(UnitInput input, string prefix, int? self, CancellationToken ct)
    {
        if (!ModelState.IsValid) return;
        var code = input.Code.Trim().ToUpperInvariant();
        if (await db.Units.AnyAsync(u => u.Code == code && u.Id != self, ct))
            ModelState.AddModelError($"{prefix}.Code", t["Admin.CodeTaken"]);
        if (!await db.UnitKinds.AnyAsync(k => k.Id == input.KindId, ct))
            ModelState.AddModelError($"{prefix}.KindId", t["Validation.Invalid"]);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Include(u => u.Kind).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null || !await access.CanAsync(OrgRight.View, unit.Path, ct)) return false;
        Unit = unit;
        CanManage = await access.CanAsync(OrgRight.Manage, unit.Path, ct);
        var ancestorIds = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(a => a != id).ToList();
        Ancestors = await db.Units.AsNoTracking().Where(u => ancestorIds.Contains(u.Id)).OrderBy(u => u.Depth).ToListAsync(ct);
        Children = await db.Units.AsNoTracking().Include(u => u.Kind).Where(u => u.ParentId == id).OrderBy(u => u.Name).Take(500).ToListAsync(ct);
        Positions = [.. (await db.Positions.AsNoTracking().Where(p => p.UnitId == id)
            .GroupJoin(db.Users, p => p.HolderId, u => u.Id, (p, us) => new { p, us })
            .SelectMany(x => x.us.DefaultIfEmpty(), (x, u) => new { x.p, Holder = u == null ? null : u.FullName })
            .OrderByDescending(x => x.p.IsHead).ThenBy(x => x.p.Title)
            .ToListAsync(ct)).Select(x => (x.p, x.Holder))];
        StaffCount = await db.Users.CountAsync(u => u.HomeUnitId == id, ct);
        Kinds = await db.UnitKinds.AsNoTracking().OrderBy(k => k.Level).ToListAsync(ct);
        if (CanManage && unit.ParentId is not null)
        {
            var ownSubtree = unit.Path;
            PossibleParents = await (await access.VisibleUnitsAsync(OrgRight.Manage, ct))
                .Where(u => !u.Path.StartsWith(ownSubtree)).OrderBy(u => u.Path).Take(2000).ToListAsync(ct);
        }
        return true;
    }
}

internal sealed class UnitInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Admin.CodeFormat")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string Name { get; set; } = "";

    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string? NameLatin { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = "Validation.Required")]
    public int KindId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Only when changing a unit: the unit it should sit under.</summary>
    public int? ParentId { get; set; }
}

internal sealed class PositionInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string Title { get; set; } = "";

    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string? TitleLatin { get; set; }

    public bool IsHead { get; set; }
}
