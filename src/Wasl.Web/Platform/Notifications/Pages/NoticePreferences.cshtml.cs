using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Notifications.Pages;

/// <summary>
/// Whether non-critical notices also go by e-mail and SMS. Critical ones (receipt, requests for information,
/// resolution, escalations) go by every channel whatever is chosen here; every notice is in the centre.
/// </summary>
[Authorize]
internal sealed class NoticePreferencesModel(WaslDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public bool Email { get; set; }

    [BindProperty]
    public bool Sms { get; set; }

    /// <summary>Where the messages would go, for the person to check (their own account's address and number).</summary>
    public string? EmailAddress { get; private set; }
    public string? Mobile { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == me)
            .Select(u => new { u.EmailNotices, u.SmsNotices, u.Email, u.PhoneNumber }).SingleOrDefaultAsync(ct);
        if (account is null) return Challenge();
        (Email, Sms, EmailAddress, Mobile) = (account.EmailNotices, account.SmsNotices, account.Email, account.PhoneNumber);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        var changed = await db.Users.Where(u => u.Id == me)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailNotices, Email).SetProperty(u => u.SmsNotices, Sms), ct);
        if (changed == 0) return Challenge();
        TempData["Notice"] = t["NoticePrefs.Saved"].Value;
        return RedirectToPage();
    }
}
