using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>The second sign-in step for staff with an authenticator app (or a recovery code).</summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class TwoFactorModel(SignInManager<WaslUser> signIn, IStringLocalizer<SharedResource> t, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    [BindProperty]
    public bool UseRecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Platform/Identity/Pages/StaffSignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Platform/Identity/Pages/StaffSignIn");
        if (!ModelState.IsValid) return Page();
        var code = Digits.StripSeparators(Digits.ToAscii(Code));
        var result = UseRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var action = result.Succeeded ? AuditActions.SignIn : result.IsLockedOut ? AuditActions.SignInLockedOut : AuditActions.TwoFactorFailed;
        await audit.WriteAsync(new AuditRecord(action, "Account", user.Id.ToString(), user.HomeUnitId, new { kind = user.Kind.ToString(), step = UseRecoveryCode ? "recovery-code" : "authenticator" })
        {
            ActorId = user.Id,
            ActorName = user.FullName,
        }, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            UserPreferences.RememberFor(Response, user);
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/staff");
        }
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? t["SignIn.LockedOut", 15] : t["TwoFactor.InvalidCode"]);
        return Page();
    }
}
