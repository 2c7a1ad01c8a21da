using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// A guest's tracking session (opened on /requests/track with number and secret): a protected, time-limited cookie
/// naming one request, sent only to /requests/*. What it names is all a guest may see, attachments included.
/// </summary>
internal static class TrackingSession
{
    public const string Cookie = "wasl.track";
    public const string Purpose = "Wasl.Requests.GuestTracking";

    public static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>The request the session names, or null without a valid (unexpired, unforged) session.</summary>
    public static long? RequestId(HttpRequest request, IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[Cookie] is not { } cookie) return null;
        try
        {
            return long.TryParse(Protector(protection).Unprotect(cookie), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
