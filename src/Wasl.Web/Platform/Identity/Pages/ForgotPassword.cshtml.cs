using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// Sends a reset code to the account's confirmed mobile. The answer is the same whether or not an account matched,
/// so the page cannot be used to find out who has an account. Staff too need a confirmed mobile: one typed in by an
/// administrator is not the owner's until a code sent to it came back, or a lower administrator could put their own
/// number on a higher account and reset its password.
/// </summary>
[AllowAnonymous]
[RequireBotChallenge]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class ForgotPasswordModel(SignInFlow flow, OneTimeCodes codes, Microsoft.Extensions.Options.IOptions<OneTimeCodeOptions> codeOptions, TimeProvider clock) : PageModel
{
    public const string LoginKey = "ResetLogin";

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string Login { get; set; } = "";

    [BindProperty]
    public bool Staff { get; set; }

    public void OnGet(bool staff) => Staff = staff;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var started = clock.GetTimestamp();
        var user = await flow.FindAsync(Login, Staff ? AccountKind.Staff : AccountKind.Beneficiary, ct);
        if (user is { IsActive: true, PhoneNumber: not null, PhoneNumberConfirmed: true })
        {
            // A spent budget is not told here either: the answer stays the same for every login typed.
            await codes.IssueAsync(user, CodePurpose.ResetPassword, user.PhoneNumber, ct);
        }
        // An unknown login does nothing, a known one issues a code: both answer after the same floor.
        await codeOptions.Value.AnswerFloorAsync(clock, started, ct);
        TempData[LoginKey] = Login.Trim();
        return RedirectToPage("/Platform/Identity/Pages/ResetPassword", new { staff = Staff });
    }
}
