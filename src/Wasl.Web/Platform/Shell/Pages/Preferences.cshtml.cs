using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Shell.Pages;

/// <summary>Language and calendar, remembered in cookies and, for signed-in people, on the account.</summary>
[AllowAnonymous]
internal sealed class PreferencesModel(UserPreferences preferences, DateDisplay dates, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string Language { get; set; } = "";

    [BindProperty]
    public CalendarPreference Calendar { get; set; }

    public DisplayedDate Today => dates.Date(clock.GetUtcNow(), preferences.Calendar);

    public void OnGet()
    {
        Language = preferences.Language;
        Calendar = preferences.Calendar;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!WaslCultures.IsSupported(Language) || !Enum.IsDefined(Calendar)) return BadRequest();
        await preferences.SaveAsync(Language, Calendar, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/preferences");
    }

    /// <summary>The language buttons in the page header: change the language, keep the calendar.</summary>
    public async Task<IActionResult> OnPostLanguageAsync(string language, CancellationToken ct)
    {
        if (!WaslCultures.IsSupported(language)) return BadRequest();
        await preferences.SaveAsync(language, preferences.Calendar, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
