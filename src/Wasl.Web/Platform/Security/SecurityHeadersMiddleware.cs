using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// Headers on every response: no sniffing, no framing, no referrer, a strict content policy, and no caching of
/// anything but static files (pages with personal data must not stay in a shared or browser cache).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<MapsOptions> maps)
{
    // The bot-challenge widget solves in a Web Worker made from a blob and injects its own stylesheet.
    // Map tiles are images from the configured tile host only (Maps:TileUrl).
    private readonly string _csp = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        + (maps.Value.TileSource() is { } tiles ? " " + tiles : "")
        + "; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            // A response that set a stricter policy of its own (a served file: "sandbox; default-src 'none'") keeps it.
            if (string.IsNullOrEmpty(h.ContentSecurityPolicy)) h.ContentSecurityPolicy = _csp;
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
            if (!StaticAssets.IsStatic(context.Request.Path)) h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>The versioned front-end files under wwwroot: cacheable, and needed by every page, including error and set-up pages.</summary>
internal static class StaticAssets
{
    public static bool IsStatic(PathString path) =>
        path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js");
}
