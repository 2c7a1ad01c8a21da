using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// Turns on two-factor sign-in with an authenticator app (TOTP, RFC 6238). Mandatory for administrators and the roles
/// of <see cref="TwoFactorOptions"/>: the platform sends them here until it is on.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class SetupTwoFactorModel(UserManager<WaslUser> users, SignInManager<WaslUser> signIn, AccountNotices notices, IStringLocalizer<SharedResource> t) : PageModel
{
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";

    /// <summary>The authenticator link as a QR code (SVG data URI), drawn on the server: no third-party script.</summary>
    public string QrCodeDataUri { get; private set; } = "";
    public bool Enabled { get; private set; }
    public bool Required => User.HasClaim(WaslClaims.TwoFactorRequired, "true");
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(10, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Digits.StripSeparators(Digits.ToAscii(Code));
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), t["TwoFactor.InvalidCode"]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await signIn.RefreshSignInAsync(user);
        await notices.TellAsync(user, AccountChange.TwoFactorOn, ct);
        Enabled = true;
        return Page();
    }

    private async Task LoadAsync(WaslUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp: re-issue this session's cookie, or the next request is signed out.
            await signIn.RefreshSignInAsync(user);
        }
        SharedKey = FormatKey(key!);
        var issuer = Uri.EscapeDataString(t["Shell.ProductName"]);
        AuthenticatorUri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={issuer}&digits=6");
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(AuthenticatorUri, QRCoder.QRCodeGenerator.ECCLevel.M);
        var svg = new QRCoder.SvgQRCode(data).GetGraphic(4);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}
