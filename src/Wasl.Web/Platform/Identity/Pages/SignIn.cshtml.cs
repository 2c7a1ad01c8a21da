using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>Password sign-in; the same page serves staff (/staff/sign-in) and beneficiaries (/account/sign-in).</summary>
[AllowAnonymous]
[RequireBotChallenge]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class SignInModel(SignInFlow flow, OneTimeCodes codes, SignInThrottle throttle, IStringLocalizer<SharedResource> t, ILogger<SignInModel> logger, AuditLog audit) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AccountKind Kind => Request.Path.StartsWithSegments("/staff") ? AccountKind.Staff : AccountKind.Beneficiary;


    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var address = HttpContext.Connection.RemoteIpAddress;
        var (refusal, wait) = throttle.Check(address, Input.Login);
        if (refusal != SignInRefusal.None)
        {
            // The password is not even checked; the refused attempt still counts and slows the next one.
            logger.LogWarning("Sign-in refused ({Refusal}) for {Kind} from {Address}", refusal, Kind, address);
            await audit.WriteAsync(new AuditRecord(AuditActions.SignInRefused, "Account", null, null, new { kind = Kind.ToString(), refusal = refusal.ToString() }), ct);
            await throttle.WaitAsync(throttle.Fail(address, Input.Login), ct);
            // An account refused from this address answers like a wrong password (issue 11: the answer never tells that
            // an account exists); a refused address is told, since that says nothing about any account.
            ModelState.AddModelError(string.Empty, refusal == SignInRefusal.Address ? t["SignIn.AddressBlocked", wait] : t["SignIn.Failed"]);
            return Page();
        }
        var (outcome, user) = await flow.PasswordSignInAsync(Input.Login, Input.Password, Kind, ct);
        logger.LogInformation("Sign-in {Outcome} for {Kind} account {UserId}", outcome, Kind, user?.Id);
        if (outcome is SignInOutcome.Failed or SignInOutcome.LockedOut) await throttle.WaitAsync(throttle.Fail(address, Input.Login), ct);
        else if (outcome is SignInOutcome.Succeeded or SignInOutcome.RequiresTwoFactor) throttle.Succeed(address, Input.Login);
        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                UserPreferences.RememberFor(Response, user!);
                return LocalRedirect(SafeReturnUrl());
            case SignInOutcome.RequiresTwoFactor:
                return RedirectToPage("/Platform/Identity/Pages/TwoFactor", new { returnUrl = SafeReturnUrl() });
            case SignInOutcome.MobileNotConfirmed:
                // The password was right: a new code goes out (within its budget) and the page asks for it.
                await codes.IssueAsync(user!, CodePurpose.ConfirmMobile, user!.PhoneNumber!, ct);
                TempData.Remove(ConfirmMobileModel.DecoyMobileKey);
                TempData[ConfirmMobileModel.PendingUserKey] = user.Id.ToString();
                return RedirectToPage("/Platform/Identity/Pages/ConfirmMobile");
            default:
                // Issue 11: a locked account, a demo account outside Development, a wrong password and an unknown
                // login all get the same answer, so the page cannot tell who has an account.
                ModelState.AddModelError(string.Empty, t["SignIn.Failed"]);
                return Page();
        }
    }

    private string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Kind == AccountKind.Staff ? "/staff" : "/account";
}

internal sealed class SignInInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "SignIn.Login")]
    public string Login { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "SignIn.Password")]
    public string Password { get; set; } = "";
}
