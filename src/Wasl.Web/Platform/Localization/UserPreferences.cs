using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// The reader's language and calendar. Both are remembered in long-lived cookies (for guests) and on the account
/// (for signed-in people, applied again at every sign-in on any device).
/// </summary>
internal sealed class UserPreferences(IHttpContextAccessor http, WaslDbContext db)
{
    public const string LanguageCookie = "wasl.lang";
    public const string CalendarCookie = "wasl.cal";

    public CalendarPreference Calendar =>
        Enum.TryParse<CalendarPreference>(http.HttpContext?.Request.Cookies[CalendarCookie], out var c) && Enum.IsDefined(c) ? c : CalendarPreference.Gregorian;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Views read it from the injected preferences, beside Calendar.")]
    public string Language => CultureInfo.CurrentUICulture.Name;

    public static void Remember(HttpResponse response, string language, CalendarPreference calendar)
    {
        var options = new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, IsEssential = true };
        response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)), options);
        response.Cookies.Append(CalendarCookie, calendar.ToString(), options);
    }

    /// <summary>At sign-in: the account's language (when this deployment offers it) and calendar become the cookies.</summary>
    public static void RememberFor(HttpResponse response, WaslUser user) =>
        Remember(response, WaslCultures.IsSupported(user.PreferredLanguage) ? user.PreferredLanguage! : CultureInfo.CurrentUICulture.Name, user.PreferredCalendar);

    public async Task SaveAsync(string language, CalendarPreference calendar, CancellationToken ct)
    {
        var context = http.HttpContext!;
        Remember(context.Response, language, calendar);
        if (Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.PreferredLanguage, language)
                .SetProperty(u => u.PreferredCalendar, calendar), ct);
        }
    }
}

/// <summary>Announces the page language (Content-Language) chosen by the request culture.</summary>
internal sealed class UserPreferencesMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.ContentLanguage = CultureInfo.CurrentUICulture.Name;
        return next(context);
    }
}
