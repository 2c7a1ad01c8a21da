using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// A beneficiary opens an account with a national ID (checked by the country's rules) and a mobile number that is
/// confirmed by a one-time code before the account can sign in.
/// </summary>
[AllowAnonymous]
[RequireBotChallenge]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
public sealed class RegisterModel(
    UserManager<WaslUser> users,
    WaslDbContext db,
    INationalIdValidator nationalIds,
    IOptions<DeploymentOptions> deployment,
    IOneTimeCodeSender sender,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        string nationalId = "", mobile = "";
        if (!string.IsNullOrWhiteSpace(Input.NationalId) && !nationalIds.TryNormalize(Input.NationalId, out nationalId))
            ModelState.AddModelError("Input.NationalId", t["Register.NationalIdInvalid"]);
        if (!string.IsNullOrWhiteSpace(Input.Mobile) && !MobileNumbers.TryNormalize(Input.Mobile, deployment.Value.Country, out mobile))
            ModelState.AddModelError("Input.Mobile", t["Validation.Mobile", t["Register.Mobile"], MobileNumbers.Example(deployment.Value.Country)]);
        if (Input.Password != Input.ConfirmPassword)
            ModelState.AddModelError("Input.ConfirmPassword", t["Register.PasswordsDiffer"]);
        if (!ModelState.IsValid) return Page();

        if (await db.Users.AnyAsync(u => u.NationalId == nationalId, ct))
            ModelState.AddModelError("Input.NationalId", t["Register.NationalIdTaken"]);
        if (await db.Users.AnyAsync(u => u.PhoneNumber == mobile, ct))
            ModelState.AddModelError("Input.Mobile", t["Register.MobileTaken"]);
        if (!ModelState.IsValid) return Page();

        var user = new WaslUser
        {
            // The national ID is the user name: unique, known to the person, and typed at sign-in.
            UserName = nationalId,
            FullName = Input.FullName.Trim(),
            NationalId = nationalId,
            PhoneNumber = mobile,
            Email = string.IsNullOrWhiteSpace(Input.Email) ? null : Input.Email.Trim(),
            Kind = AccountKind.Beneficiary,
            PreferredLanguage = System.Globalization.CultureInfo.CurrentUICulture.Name,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, e.Description);
            return Page();
        }
        var code = await users.GenerateChangePhoneNumberTokenAsync(user, mobile);
        await sender.SendAsync(mobile, code, CodePurpose.ConfirmMobile, ct);
        TempData[ConfirmMobileModel.PendingUserKey] = user.Id.ToString();
        return RedirectToPage("/Platform/Identity/Pages/ConfirmMobile");
    }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, MinimumLength = 3, ErrorMessage = "Validation.Length")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string NationalId { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string Mobile { get; set; } = "";

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    public string ConfirmPassword { get; set; } = "";
}
