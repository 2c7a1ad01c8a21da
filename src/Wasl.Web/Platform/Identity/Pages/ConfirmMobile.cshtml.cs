using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>Confirms the mobile number with the one-time code; the account can sign in only after this.</summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
public sealed class ConfirmMobileModel(UserManager<WaslUser> users, SignInManager<WaslUser> signIn, IOneTimeCodeSender sender, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>TempData key naming the account awaiting confirmation (TempData is a data-protected cookie).</summary>
    public const string PendingUserKey = "PendingMobileUser";

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(10, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    public string MaskedMobile { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(bool resend, CancellationToken ct)
    {
        var user = await PendingAsync();
        if (user is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        if (resend) await SendAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        var user = await PendingAsync();
        if (user is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        await SendAsync(user, ct);
        TempData["Notice"] = t["ConfirmMobile.Resent"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await PendingAsync();
        if (user is null) return RedirectToPage("/Platform/Identity/Pages/SignIn");
        if (!ModelState.IsValid) return Page();
        var result = await users.ChangePhoneNumberAsync(user, user.PhoneNumber!, Digits.StripSeparators(Digits.ToAscii(Code)));
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Code), t["ConfirmMobile.InvalidCode"]);
            return Page();
        }
        TempData.Remove(PendingUserKey);
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/account");
    }

    private async Task<WaslUser?> PendingAsync()
    {
        // Peek keeps the value for the next request of the same flow.
        // TempData hands a stored Guid string back as a Guid: read it either way.
        var id = TempData.Peek(PendingUserKey)?.ToString();
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || user.Kind != AccountKind.Beneficiary || user.PhoneNumberConfirmed || user.PhoneNumber is null) return null;
        MaskedMobile = Mask(user.PhoneNumber);
        return user;
    }

    private async Task SendAsync(WaslUser user, CancellationToken ct)
    {
        var code = await users.GenerateChangePhoneNumberTokenAsync(user, user.PhoneNumber!);
        await sender.SendAsync(user.PhoneNumber!, code, CodePurpose.ConfirmMobile, ct);
    }

    internal static string Mask(string mobile) => mobile.Length <= 4 ? mobile : new string('•', mobile.Length - 4) + mobile[^4..];
}
