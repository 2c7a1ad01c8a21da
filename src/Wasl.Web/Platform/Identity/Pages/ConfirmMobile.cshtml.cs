using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// Confirms the mobile number with the one-time code; the account can sign in only after this. A registration that
/// met a national ID or mobile already taken lands here too, with no account behind it, and looks the same: every
/// code is refused and "send a new code" answers as it would (issue 11: no enumeration).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class ConfirmMobileModel(UserManager<WaslUser> users, SignInManager<WaslUser> signIn, OneTimeCodes codes, IStringLocalizer<SharedResource> t, Audit.AuditLog audit) : PageModel
{
    /// <summary>TempData key naming the account awaiting confirmation (TempData is a data-protected cookie).</summary>
    public const string PendingUserKey = "PendingMobileUser";

    /// <summary>TempData key holding the mobile typed in a registration that created no account.</summary>
    public const string DecoyMobileKey = "PendingMobileDecoy";

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(10, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    public string MaskedMobile { get; private set; } = "";

    /// <summary>Minutes before a new code may be asked for; 0 when it may be now.</summary>
    public int RetryMinutes { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (user, decoy) = await PendingAsync();
        if (user is null && decoy is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        if (user is not null) RetryMinutes = Minutes(await codes.RetryAfterAsync(user, user.PhoneNumber!, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        var (user, decoy) = await PendingAsync();
        if (user is null && decoy is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        if (user is not null)
        {
            var issued = await codes.IssueAsync(user, CodePurpose.ConfirmMobile, user.PhoneNumber!, ct);
            if (!issued.Sent)
            {
                RetryMinutes = issued.RetryMinutes;
                ModelState.AddModelError(string.Empty, t["Codes.TooMany", issued.RetryMinutes]);
                return Page();
            }
        }
        TempData["Notice"] = t["ConfirmMobile.Resent"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (user, decoy) = await PendingAsync();
        if (user is null && decoy is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        if (!ModelState.IsValid) return Page();
        var code = Digits.StripSeparators(Digits.ToAscii(Code));
        if (user is null || !await codes.VerifyAsync(user, CodePurpose.ConfirmMobile, user.PhoneNumber!, code, ct))
        {
            if (user is not null) await audit.WriteAsync(Attempt(user, Audit.AuditActions.SignInFailed), ct);
            ModelState.AddModelError(nameof(Code), t["ConfirmMobile.InvalidCode"]);
            return Page();
        }
        user.PhoneNumberConfirmed = true;
        await users.UpdateAsync(user);
        TempData.Remove(PendingUserKey);
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.WriteAsync(Attempt(user, Audit.AuditActions.SignIn), ct);
        return Redirect("/account");
    }

    private static Audit.AuditRecord Attempt(WaslUser user, string action) =>
        new(action, "Account", user.Id.ToString(), null, new { kind = user.Kind.ToString(), step = "mobile-code" }) { ActorId = user.Id, ActorName = user.FullName };

    private async Task<(WaslUser? User, string? Decoy)> PendingAsync()
    {
        // Peek keeps the value for the next request of the same flow.
        // TempData hands a stored Guid string back as a Guid: read it either way.
        if (TempData.Peek(DecoyMobileKey)?.ToString() is { } decoy)
        {
            MaskedMobile = Mask(decoy);
            return (null, decoy);
        }
        var id = TempData.Peek(PendingUserKey)?.ToString();
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || user.Kind != AccountKind.Beneficiary || user.PhoneNumberConfirmed || user.PhoneNumber is null) return (null, null);
        MaskedMobile = Mask(user.PhoneNumber);
        return (user, null);
    }

    private static int Minutes(TimeSpan wait) => wait <= TimeSpan.Zero ? 0 : new CodeIssue(false, wait).RetryMinutes;

    internal static string Mask(string mobile) => mobile.Length <= 4 ? mobile : new string('•', mobile.Length - 4) + mobile[^4..];
}

/// <summary>The "send a new code" form: the page handler, the channel it is for, and the wait when the budget is spent.</summary>
internal sealed record ResendCodeModel(int RetryMinutes, string Handler, string? Channel = null, string Label = "ConfirmMobile.Resend");
