using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Categories and sub-categories of requests are basic data per unit (PRODUCT.md A): each belongs to a unit, may name
/// the unit responsible for it (routing), and may sit under one parent category of the same type. Administrators of
/// the owning unit's subtree maintain them; other staff may look; anything outside one's reach answers 404.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class CategoriesModel(WaslDbContext db, OrgAccess org, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(Category Category, string OwnerName, string? ResponsibleName, string? ParentName, bool CanManage);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Depth)> ManagedUnits { get; private set; } = [];
    public IReadOnlyList<Category> Parents { get; private set; } = [];
    public Category? Editing { get; private set; }

    private Dictionary<int, string> _names = [];
    private Dictionary<int, string> _paths = [];

    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        await LoadAsync(ct);
        if (edit is { } id)
        {
            var row = Rows.FirstOrDefault(r => r.Category.Id == id && r.CanManage);
            if (row is null) return NotFound();
            Editing = row.Category;
            Input = new CategoryInput
            {
                Type = Editing.Type,
                OwnerUnitId = Editing.OwnerUnitId,
                ParentId = Editing.ParentId,
                Code = Editing.Code,
                Name = Editing.Name,
                NameLatin = Editing.NameLatin,
                ResponsibleUnitId = Editing.ResponsibleUnitId,
                IsActive = Editing.IsActive,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? edit, CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        await LoadAsync(ct);
        Category? category = null;
        if (edit is { } id)
        {
            category = await db.Set<Category>().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (category is null || !await org.CanAsync(OrgRight.Manage, category.OwnerUnitId, ct)) return NotFound();
            Editing = category;
            // Type, code and owner identify a category in reports: they do not change once created.
            Input.Type = category.Type;
            Input.Code = category.Code;
            Input.OwnerUnitId = category.OwnerUnitId;
            ModelState.Remove("Input.Code");
        }
        else if (ManagedUnits.Count == 0) return Forbid();

        var code = Input.Code.Trim().ToLowerInvariant();
        if (!Enum.IsDefined(Input.Type)) ModelState.AddModelError("Input.Type", t["Validation.Invalid"]);
        if (category is null && !ManagedUnits.Any(u => u.Id == Input.OwnerUnitId)) ModelState.AddModelError("Input.OwnerUnitId", t["Validation.Invalid"]);
        if (category is null && ModelState.IsValid && await db.Set<Category>().AnyAsync(c => c.OwnerUnitId == Input.OwnerUnitId && c.Code == code, ct))
            ModelState.AddModelError("Input.Code", t["Admin.CodeTaken"]);
        var ownerPath = _paths.GetValueOrDefault(Input.OwnerUnitId);
        if (Input.ParentId is { } parentId)
        {
            // One level of sub-categories, of the same type, and never itself: no cycles possible.
            var parent = await db.Set<Category>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == parentId, ct);
            if (parent is null || parent.Type != Input.Type || parent.ParentId is not null || parent.Id == category?.Id
                || (category is not null && await db.Set<Category>().AnyAsync(c => c.ParentId == category.Id, ct)))
                ModelState.AddModelError("Input.ParentId", t["Categories.ParentInvalid"]);
            // Under a category of the owner or of a unit above it (a ministry category), never one of another directorate.
            else if (ownerPath is not null && !(_paths.TryGetValue(parent.OwnerUnitId, out var parentOwner) && ownerPath.StartsWith(parentOwner, StringComparison.Ordinal)))
                ModelState.AddModelError("Input.ParentId", t["Categories.ParentOutside"]);
        }
        // A category routes only within its owner's subtree (RequestIntake.ResponsibleAsync), so its responsible unit
        // lies there, and so inside the creator's reach: a directorate cannot send its category's requests elsewhere.
        if (Input.ResponsibleUnitId is { } responsible
            && !(ownerPath is not null && _paths.TryGetValue(responsible, out var responsiblePath) && responsiblePath.StartsWith(ownerPath, StringComparison.Ordinal)))
            ModelState.AddModelError("Input.ResponsibleUnitId", t["Categories.ResponsibleOutside", _names.GetValueOrDefault(Input.OwnerUnitId, "")]);
        if (!ModelState.IsValid) return Page();

        if (category is null)
        {
            category = new Category { OwnerUnitId = Input.OwnerUnitId, Type = Input.Type, Code = code };
            db.Add(category);
        }
        category.ParentId = Input.ParentId;
        category.Name = Input.Name.Trim();
        category.NameLatin = string.IsNullOrWhiteSpace(Input.NameLatin) ? null : Input.NameLatin.Trim();
        category.ResponsibleUnitId = Input.ResponsibleUnitId;
        category.IsActive = Input.IsActive;
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var visible = await org.VisibleUnitsAsync(OrgRight.View, ct);
        var manageScopes = await org.ScopesAsync(OrgRight.Manage, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.Name, u.Depth, u.Path, u.ParentId }).Take(5000).ToListAsync(ct);
        ManagedUnits = [.. units.Where(u => OrgAccess.Covers(manageScopes, u.Path)).Select(u => (u.Id, u.Name, u.Depth))];
        var names = _names = units.ToDictionary(u => u.Id, u => u.Name);
        var paths = _paths = units.ToDictionary(u => u.Id, u => u.Path);
        // The categories of one's units, and those of the top (they apply everywhere).
        var categories = await db.Set<Category>().AsNoTracking()
            .Where(c => visible.Any(u => u.Id == c.OwnerUnitId) || db.Units.Any(u => u.Id == c.OwnerUnitId && u.ParentId == null))
            .OrderBy(c => c.Type).ThenBy(c => c.ParentId ?? c.Id).ThenBy(c => c.ParentId != null).ThenBy(c => c.Code)
            .Take(2000).ToListAsync(ct);
        var byId = categories.ToDictionary(c => c.Id);
        Rows = [.. categories.Select(c => new Row(
            c,
            names.GetValueOrDefault(c.OwnerUnitId, ""),
            c.ResponsibleUnitId is { } r ? names.GetValueOrDefault(r) : null,
            c.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent.Name : null,
            paths.TryGetValue(c.OwnerUnitId, out var path) && OrgAccess.Covers(manageScopes, path)))];
        Parents = [.. categories.Where(c => c.ParentId is null && c.IsActive)];
    }
}

internal sealed class CategoryInput
{
    public RequestType Type { get; set; }
    public int OwnerUnitId { get; set; }
    public int? ParentId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Admin.CodeFormat")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string Name { get; set; } = "";

    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string? NameLatin { get; set; }

    public int? ResponsibleUnitId { get; set; }
    public bool IsActive { get; set; } = true;
}
