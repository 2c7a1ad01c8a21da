using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Organization.Pages;

/// <summary>
/// A staff account: create it (new), change its data, grant and withdraw roles at units, lock it, reset its
/// two-factor. Who may is decided in one place, <see cref="OrgAccess.AccountAccessAsync"/>: administrators of the
/// account's home unit (or above), and only of accounts holding nothing outside their subtrees; roles only at units
/// they administer and not above their own. The owner is told of every change to mobile, e-mail and two-factor.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class StaffEditModel(
    WaslDbContext db,
    OrgAccess access,
    UserManager<WaslUser> users,
    SignInManager<WaslUser> signIn,
    IOptions<DeploymentOptions> deployment,
    AccountNotices notices,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock) : PageModel
{
    public WaslUser? Account { get; private set; }
    public IReadOnlyList<(RoleAssignment Assignment, string UnitName)> Assignments { get; private set; } = [];
    public IReadOnlyList<Unit> ManagedUnits { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool IsNew => Account is null;

    [BindProperty]
    public StaffInput Input { get; set; } = new();

    [BindProperty]
    public RoleInput Grant { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Account is null && !CanManage) return Forbid();
        if (Account is not null)
            Input = new StaffInput { UserName = Account.UserName!, FullName = Account.FullName, Email = Account.Email, Mobile = Account.PhoneNumber, HomeUnitId = Account.HomeUnitId ?? 0, IsActive = Account.IsActive };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanManage) return Forbid();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Grant", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        var mobile = "";
        if (!string.IsNullOrWhiteSpace(Input.Mobile) && !MobileNumbers.TryNormalize(Input.Mobile, deployment.Value.Country, out mobile))
            ModelState.AddModelError("Input.Mobile", t["Validation.Mobile", t["Register.Mobile"], MobileNumbers.Example(deployment.Value.Country)]);
        if (!ManagedUnits.Any(u => u.Id == Input.HomeUnitId))
            ModelState.AddModelError("Input.HomeUnitId", t["Admin.UnitOutOfScope"]);
        if (IsNew && string.IsNullOrEmpty(Input.InitialPassword))
            ModelState.AddModelError("Input.InitialPassword", t["Validation.Required"]);
        if (!ModelState.IsValid) return Page();

        var account = Account is null ? new WaslUser { Kind = AccountKind.Staff, CreatedAt = clock.GetUtcNow() } : await users.FindByIdAsync(Account.Id.ToString());
        var (oldMobile, oldEmail) = (account!.PhoneNumber, account.Email);
        account.UserName = Input.UserName.Trim();
        account.FullName = Input.FullName.Trim();
        account.Email = string.IsNullOrWhiteSpace(Input.Email) ? null : Input.Email.Trim();
        account.PhoneNumber = mobile.Length == 0 ? null : mobile;
        // A mobile or e-mail typed by someone else is not the owner's until a code sent to it comes back: until then
        // no reset code goes there (see ForgotPassword).
        var mobileChanged = !IsNew && account.PhoneNumber != oldMobile;
        var emailChanged = !IsNew && !string.Equals(account.Email, oldEmail, StringComparison.OrdinalIgnoreCase);
        if (mobileChanged) account.PhoneNumberConfirmed = false;
        if (emailChanged) account.EmailConfirmed = false;
        account.HomeUnitId = Input.HomeUnitId;
        account.IsActive = Input.IsActive;
        if (mobile.Length > 0 && await db.Users.AnyAsync(u => u.PhoneNumber == mobile && u.Id != account.Id, ct))
        {
            ModelState.AddModelError("Input.Mobile", t["Register.MobileTaken"]);
            return Page();
        }
        var result = IsNew ? await users.CreateAsync(account, Input.InitialPassword!) : await users.UpdateAsync(account);
        if (result.Succeeded && !Input.IsActive) await users.UpdateSecurityStampAsync(account);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.InitialPassword" : e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.UserName" : string.Empty, e.Description);
            return Page();
        }
        if (mobileChanged) await notices.TellAsync(account, AccountChange.Mobile, oldMobile, oldEmail, ct);
        if (emailChanged) await notices.TellAsync(account, AccountChange.Email, oldMobile, oldEmail, ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect($"/staff/admin/staff/{account.Id}");
    }

    public async Task<IActionResult> OnPostGrantAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Account is null) return NotFound();
        if (!CanManage) return Forbid();
        var unit = ManagedUnits.FirstOrDefault(u => u.Id == Grant.UnitId);
        if (unit is null)
        {
            ModelState.AddModelError("Grant.UnitId", t["Admin.UnitOutOfScope"]);
            return Page();
        }
        if (!Enum.IsDefined(Grant.Role) || !await access.MayGrantAsync(Grant.Role, unit.Path, ct))
        {
            ModelState.AddModelError("Grant.Role", t["Admin.RoleAboveOwn"]);
            return Page();
        }
        if (!await db.RoleAssignments.AnyAsync(r => r.UserId == id && r.Role == Grant.Role && r.UnitId == Grant.UnitId, ct))
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = id, Role = Grant.Role, UnitId = Grant.UnitId });
            await db.SaveChangesAsync(ct);
            // New rights take effect at the next request of that person: the stamp change re-issues their cookie.
            await RenewStampAsync(id);
        }
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect($"/staff/admin/staff/{id}");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, int assignmentId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Account is null) return NotFound();
        if (!CanManage) return Forbid();
        var assignment = Assignments.Select(a => a.Assignment).FirstOrDefault(a => a.Id == assignmentId);
        if (assignment is null || !await access.CanAsync(OrgRight.Manage, assignment.UnitId, ct)) return NotFound();
        await db.RoleAssignments.Where(r => r.Id == assignmentId).ExecuteDeleteAsync(ct);
        await RenewStampAsync(id);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect($"/staff/admin/staff/{id}");
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Account is null) return NotFound();
        if (!CanManage) return Forbid();
        var account = (await users.FindByIdAsync(id.ToString()))!;
        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect($"/staff/admin/staff/{id}");
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Account is null) return NotFound();
        if (!CanManage) return Forbid();
        var account = (await users.FindByIdAsync(id.ToString()))!;
        await users.SetTwoFactorEnabledAsync(account, false);
        await users.ResetAuthenticatorKeyAsync(account);
        if (access.UserId == id) await signIn.RefreshSignInAsync(account);
        await notices.TellAsync(account, AccountChange.TwoFactorReset, ct);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect($"/staff/admin/staff/{id}");
    }

    /// <summary>
    /// Ends the account's other sessions so that changed rights apply at once; an administrator changing their own
    /// account keeps this session with the new rights.
    /// </summary>
    private async Task RenewStampAsync(Guid id)
    {
        var account = (await users.FindByIdAsync(id.ToString()))!;
        await users.UpdateSecurityStampAsync(account);
        if (access.UserId == id) await signIn.RefreshSignInAsync(account);
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        ManagedUnits = await (await access.VisibleUnitsAsync(OrgRight.Manage, ct)).OrderBy(u => u.Path).Take(2000).ToListAsync(ct);
        if (id is null)
        {
            CanManage = ManagedUnits.Count > 0;
            return await access.HasAnyAsync(OrgRight.View, ct);
        }
        var rights = await access.AccountAccessAsync(id.Value, ct);
        if (rights == AccountAccess.None) return false;
        Account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, ct);
        CanManage = rights == AccountAccess.Manage;
        Assignments = [.. (await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == id)
            .Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r, u.Name }).ToListAsync(ct)).Select(x => (x.r, x.Name))];
        return true;
    }
}

internal sealed class StaffInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(64, MinimumLength = 3, ErrorMessage = "Validation.Length")]
    [RegularExpression("^[A-Za-z0-9._@+-]+$", ErrorMessage = "Admin.UserNameFormat")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string FullName { get; set; } = "";

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string? Email { get; set; }

    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? Mobile { get; set; }

    public int HomeUnitId { get; set; }

    public bool IsActive { get; set; } = true;

    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    public string? InitialPassword { get; set; }
}

internal sealed class RoleInput
{
    public StaffRole Role { get; set; }
    public int UnitId { get; set; }
}
