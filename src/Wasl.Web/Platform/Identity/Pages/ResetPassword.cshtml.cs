using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>Sets a new password with the code sent to the mobile. A wrong code counts as a failed sign-in (lockout); a code works once.</summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class ResetPasswordModel(SignInFlow flow, UserManager<WaslUser> users, OneTimeCodes codes, AccountNotices notices, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public bool Staff { get; set; }

    public void OnGet()
    {
        if (TempData[ForgotPasswordModel.LoginKey] is string login) Input.Login = login;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.NewPassword != Input.ConfirmPassword)
            ModelState.AddModelError("Input.ConfirmPassword", t["Register.PasswordsDiffer"]);
        if (!ModelState.IsValid) return Page();
        // The new password is judged before the code, so a weak password does not spend the code.
        foreach (var validator in users.PasswordValidators)
        {
            var verdict = await validator.ValidateAsync(users, new WaslUser(), Input.NewPassword);
            foreach (var e in verdict.Errors) ModelState.AddModelError("Input.NewPassword", e.Description);
        }
        if (!ModelState.IsValid) return Page();
        var user = await flow.FindAsync(Input.Login, Staff ? AccountKind.Staff : AccountKind.Beneficiary, ct);
        // Single use, a few tries per code, and each wrong code counts toward the account's lockout (OneTimeCodes).
        if (user?.PhoneNumber is null || !await codes.VerifyAsync(user, CodePurpose.ResetPassword, user.PhoneNumber, Digits.StripSeparators(Digits.ToAscii(Input.Code)), ct))
        {
            ModelState.AddModelError("Input.Code", t["ResetPassword.Failed"]);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError("Input.NewPassword", e.Description);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await notices.TellAsync(user, AccountChange.Password, ct);
        TempData["Notice"] = t["ResetPassword.Done"].Value;
        return Redirect(Staff ? "/staff/sign-in" : "/account/sign-in");
    }
}

internal sealed class ResetPasswordInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string Login { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(10, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    public string ConfirmPassword { get; set; } = "";
}
