using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Wasl.Web.Platform.Tracking;

/// <summary>
/// A guest's tracking session, opened after number and secret were verified (<see cref="GuestTracking"/>): a protected,
/// time-limited cookie naming one subject and its id ("Request:42"), sent only under the owning module's path
/// (/requests). What it names is all a guest may see, attachments included. A session of one subject never opens
/// another's: the subject is both in the protector's purpose and in the protected value.
/// </summary>
internal static class TrackingSession
{
    public const string Cookie = "wasl.track";
    public const string Purpose = "Wasl.GuestTracking";
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    public static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection, string subject) =>
        protection.CreateProtector(Purpose, subject).ToTimeLimitedDataProtector();

    /// <summary>Opens the session for <paramref name="subject"/> <paramref name="id"/>, readable only under <paramref name="path"/>.</summary>
    public static void Open(HttpContext http, IDataProtectionProvider protection, string subject, long id, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        var value = Protector(protection, subject).Protect(subject + ":" + id.ToString(CultureInfo.InvariantCulture), Length);
        http.Response.Cookies.Append(Cookie, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = path,
            MaxAge = Length,
        });
    }

    /// <summary>The id of the <paramref name="subject"/> the session names, or null without a valid (unexpired, unforged, same subject) session.</summary>
    public static long? IdOf(HttpRequest request, IDataProtectionProvider protection, string subject)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[Cookie] is not { } cookie) return null;
        try
        {
            var value = Protector(protection, subject).Unprotect(cookie);
            var prefix = subject + ":";
            return value.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
