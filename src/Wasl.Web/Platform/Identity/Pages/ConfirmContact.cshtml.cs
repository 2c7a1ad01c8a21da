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
/// A signed-in account (staff or beneficiary) confirms its mobile or e-mail with a code sent to it: after
/// registration with an e-mail, or after an administrator changed the address (which unconfirms it).
/// </summary>
[Authorize]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class ConfirmContactModel(UserManager<WaslUser> users, OneTimeCodes codes, IStringLocalizer<SharedResource> t) : PageModel
{
    public const string Mobile = "mobile";
    public const string Email = "email";

    public WaslUser? Account { get; private set; }

    /// <summary>Minutes before a new code may go to the mobile / the e-mail address (0: now).</summary>
    public int MobileWait { get; private set; }
    public int EmailWait { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(10, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Challenge();
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(string channel, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Challenge();
        ModelState.Remove(nameof(Code));
        if (Destination(channel) is not { } to) return RedirectToPage();
        var issued = await codes.IssueAsync(Account!, Purpose(channel), to, ct);
        if (!issued.Sent)
        {
            ModelState.AddModelError(string.Empty, t["Codes.TooMany", issued.RetryMinutes]);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Notice"] = t["ConfirmMobile.Resent"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string channel, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Challenge();
        if (Destination(channel) is not { } to) return RedirectToPage();
        if (!ModelState.IsValid) return Page();
        if (!await codes.VerifyAsync(Account!, Purpose(channel), to, Digits.StripSeparators(Digits.ToAscii(Code)), ct))
        {
            ModelState.AddModelError(nameof(Code), t["ConfirmMobile.InvalidCode"]);
            return Page();
        }
        if (channel == Email) Account!.EmailConfirmed = true;
        else Account!.PhoneNumberConfirmed = true;
        await users.UpdateAsync(Account);
        TempData["Notice"] = t["ConfirmContact.Done"].Value;
        return RedirectToPage();
    }

    /// <summary>Only an address the account has and has not confirmed yet takes a code.</summary>
    private string? Destination(string channel) => channel switch
    {
        Mobile when Account!.PhoneNumber is { } m && !Account.PhoneNumberConfirmed => m,
        Email when Account!.Email is { } e && !Account.EmailConfirmed => e,
        _ => null,
    };

    private static CodePurpose Purpose(string channel) => channel == Email ? CodePurpose.ConfirmEmail : CodePurpose.ConfirmMobile;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Account = await users.GetUserAsync(User);
        if (Account is null) return false;
        if (Destination(Mobile) is { } m) MobileWait = Minutes(await codes.RetryAfterAsync(Account, m, ct));
        if (Destination(Email) is { } e) EmailWait = Minutes(await codes.RetryAfterAsync(Account, e, ct));
        return true;
    }

    private static int Minutes(TimeSpan wait) => wait <= TimeSpan.Zero ? 0 : new CodeIssue(false, wait).RetryMinutes;
}
