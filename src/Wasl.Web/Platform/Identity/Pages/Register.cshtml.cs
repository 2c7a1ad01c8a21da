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
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// A beneficiary opens an account with a national ID (checked by the country's rules) and a mobile number that is
/// confirmed by a one-time code before the account can sign in.
/// </summary>
[AllowAnonymous]
[RequireBotChallenge]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
internal sealed class RegisterModel(
    UserManager<WaslUser> users,
    WaslDbContext db,
    INationalIdValidator nationalIds,
    IOptions<DeploymentOptions> deployment,
    OneTimeCodes codes,
    Notifier notifier,
    IStringLocalizer<SharedResource> t,
    IOptions<OneTimeCodeOptions> codeOptions,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();


    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        string nationalId = "", mobile = "";
        if (!string.IsNullOrWhiteSpace(Input.NationalId) && !nationalIds.TryNormalize(Input.NationalId, out nationalId))
            ModelState.AddModelError("Input.NationalId", t["Register.NationalIdInvalid"]);
        if (!string.IsNullOrWhiteSpace(Input.Mobile) && !MobileNumbers.TryNormalize(Input.Mobile, deployment.Value.Country, out mobile))
            ModelState.AddModelError("Input.Mobile", t["Validation.Mobile", t["Register.Mobile"], MobileNumbers.Example(deployment.Value.Country)]);
        if (Input.Password != Input.ConfirmPassword)
            ModelState.AddModelError("Input.ConfirmPassword", t["Register.PasswordsDiffer"]);
        if (!ModelState.IsValid) return Page();
        // The password is judged before anything is looked up, so a taken ID or mobile cannot change the answer.
        foreach (var validator in users.PasswordValidators)
        {
            var verdict = await validator.ValidateAsync(users, new WaslUser(), Input.Password);
            foreach (var e in verdict.Errors) ModelState.AddModelError("Input.Password", e.Description);
        }
        if (!ModelState.IsValid) return Page();

        // Issue 11: a national ID or mobile already taken is not told on screen. Its owner gets a notice; the visitor
        // sees the same "enter the code we sent" step, where no code will ever work.
        var owners = await db.Users.Where(u => u.NationalId == nationalId || u.PhoneNumber == mobile).ToListAsync(ct);
        if (owners.Count > 0)
        {
            await TellOwnersAsync(owners, ct);
            // No password hash and no code here: wait as long as a new registration takes.
            await codeOptions.Value.AnswerFloorAsync(clock, started, ct);
            TempData.Remove(ConfirmMobileModel.PendingUserKey);
            TempData[ConfirmMobileModel.DecoyMobileKey] = mobile;
            return RedirectToPage("/Platform/Identity/Pages/ConfirmMobile");
        }

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
        await codes.IssueAsync(user, CodePurpose.ConfirmMobile, mobile, ct);
        await codeOptions.Value.AnswerFloorAsync(clock, started, ct);
        TempData.Remove(ConfirmMobileModel.DecoyMobileKey);
        TempData[ConfirmMobileModel.PendingUserKey] = user.Id.ToString();
        return RedirectToPage("/Platform/Identity/Pages/ConfirmMobile");
    }

    /// <summary>
    /// "Someone tried to open an account with your national ID or mobile": at most once a day per account, so the form
    /// cannot be used to flood a person with messages.
    /// </summary>
    private async Task TellOwnersAsync(List<WaslUser> owners, CancellationToken ct)
    {
        var day = clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var owner in owners)
        {
            var key = $"account-exists:{owner.Id:N}:{day}";
            if (await db.Set<UserNotification>().AnyAsync(n => n.UserId == owner.Id && n.EventKey == key, ct)) continue;
            notifier.Add(new Notice(key, "AccountExists", Critical: true, Link: null),
                [new NoticeRecipient(owner.Id, owner.EmailConfirmed ? owner.Email : null, owner.PhoneNumberConfirmed ? owner.PhoneNumber : null, owner.PreferredLanguage)]);
        }
        await db.SaveChangesAsync(ct);
    }
}

internal sealed class RegisterInput
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
