using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>A position: who holds it, and who acts for it (deputies and coordinators, each for a period).</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class PositionDetailModel(WaslDbContext db, OrgAccess access, UserManager<WaslUser> users, IStringLocalizer<SharedResource> t, TimeProvider clock, DateDisplay dates) : PageModel
{
    public Position Position { get; private set; } = null!;
    public Unit Unit { get; private set; } = null!;
    public WaslUser? Holder { get; private set; }
    public IReadOnlyList<(Delegation Delegation, string DelegateName)> Delegations { get; private set; } = [];
    public bool CanManage { get; private set; }
    public DateDisplay Dates => dates;
    public DateTimeOffset Now => clock.GetUtcNow();

    [BindProperty]
    public HolderInput HolderForm { get; set; } = new();

    [BindProperty]
    public DelegationInput NewDelegation { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        HolderForm.UserName = Holder?.UserName;
        return Page();
    }

    public async Task<IActionResult> OnPostHolderAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        Guid? holderId = null;
        if (!string.IsNullOrWhiteSpace(HolderForm.UserName))
        {
            var user = await FindStaffInScopeAsync(HolderForm.UserName, ct);
            if (user is null)
            {
                ModelState.AddModelError("HolderForm.UserName", t["Admin.StaffNotFound"]);
                return Page();
            }
            holderId = user.Id;
        }
        await db.Positions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.HolderId, holderId), ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDelegateAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("HolderForm", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (NewDelegation.EndsOn is { } end && end < NewDelegation.StartsOn)
            ModelState.AddModelError("NewDelegation.EndsOn", t["Admin.EndBeforeStart"]);
        var user = ModelState.IsValid ? await FindStaffInScopeAsync(NewDelegation.UserName, ct) : null;
        if (ModelState.IsValid && user is null) ModelState.AddModelError("NewDelegation.UserName", t["Admin.StaffNotFound"]);
        if (!ModelState.IsValid) return Page();
        db.Delegations.Add(new Delegation
        {
            PositionId = id,
            DelegateId = user!.Id,
            Kind = NewDelegation.Kind,
            StartsAt = StartOfDay(NewDelegation.StartsOn),
            EndsAt = NewDelegation.EndsOn is { } e ? StartOfDay(e.AddDays(1)) : null,
        });
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEndDelegationAsync(int id, int delegationId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        var now = clock.GetUtcNow();
        await db.Delegations.Where(d => d.Id == delegationId && d.PositionId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.EndsAt, now), ct);
        return RedirectToPage(new { id });
    }

    /// <summary>Dates are typed as days in the deployment's time zone; a day starts at local midnight.</summary>
    private DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, dates.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// Only an account the person manages may be made holder or delegate (the rule of <see cref="OrgAccess.AccountAccessAsync"/>);
    /// any other answers "not found", so the page cannot be used to learn which user names exist elsewhere.
    /// </summary>
    private async Task<WaslUser?> FindStaffInScopeAsync(string userName, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null || user.Kind != AccountKind.Staff) return null;
        return await access.AccountAccessAsync(user.Id, ct) == AccountAccess.Manage ? user : null;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var position = await db.Positions.AsNoTracking().Include(p => p.Unit).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (position?.Unit is null || !await access.CanAsync(OrgRight.View, position.Unit.Path, ct)) return false;
        Position = position;
        Unit = position.Unit;
        CanManage = await access.CanAsync(OrgRight.Manage, Unit.Path, ct);
        Holder = position.HolderId is { } h ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == h, ct) : null;
        Delegations = [.. (await db.Delegations.AsNoTracking().Where(d => d.PositionId == id)
            .Join(db.Users, d => d.DelegateId, u => u.Id, (d, u) => new { d, u.FullName })
            .OrderByDescending(x => x.d.Id).Take(100).ToListAsync(ct)).Select(x => (x.d, x.FullName))];
        return true;
    }
}

internal sealed class HolderInput
{
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string? UserName { get; set; }
}

internal sealed class DelegationInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string UserName { get; set; } = "";

    public DelegationKind Kind { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    public DateOnly StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }
}
