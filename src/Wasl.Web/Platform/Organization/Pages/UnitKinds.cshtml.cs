using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>Unit kinds are data shared by the whole tree: administrators at a root unit maintain them.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class UnitKindsModel(WaslDbContext db, OrgAccess access, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<UnitKind> Kinds { get; private set; } = [];
    public bool CanManage { get; private set; }

    [BindProperty]
    public KindInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        if (!CanManage) return Forbid();
        var code = Input.Code.Trim().ToLowerInvariant();
        if (ModelState.IsValid && await db.UnitKinds.AnyAsync(k => k.Code == code, ct))
            ModelState.AddModelError("Input.Code", t["Admin.CodeTaken"]);
        if (!ModelState.IsValid) return Page();
        db.UnitKinds.Add(new UnitKind { Code = code, Name = Input.Name.Trim(), NameLatin = Input.NameLatin?.Trim(), Level = Input.Level });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!await access.HasAnyAsync(OrgRight.View, ct)) return false;
        CanManage = await access.HoldsAtRootAsync(OrgRight.Manage, ct);
        Kinds = await db.UnitKinds.AsNoTracking().OrderBy(k => k.Level).ThenBy(k => k.Code).ToListAsync(ct);
        return true;
    }
}

internal sealed class KindInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Admin.CodeFormat")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    public string Name { get; set; } = "";

    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    public string? NameLatin { get; set; }

    [Range(0, 20, ErrorMessage = "Validation.Invalid")]
    public int Level { get; set; }
}
