using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Serves one attachment, after checking on every call who asks (ASVS 8.2.2): staff whose subtree holds the request
/// (any attachment); the beneficiary who owns the request, or a guest inside the tracking session of that request
/// (public attachments only). The address carries a random id, never the sequential one. Every refusal — unknown id,
/// no right, internal file — is the same 404, so nothing tells whether a file exists.
///
/// Served files cannot act as pages (the lessons of RT CVE-2022-25802 and CVE-2026-44229, osTicket #3764):
/// the type sent is the one found in the content, never the browser's; "nosniff"; a "sandbox" content policy with
/// nothing allowed; no caching; and a download ("attachment"), not a page. The one exception is a raster image
/// opened by staff to view or print it (?view=1): the content was verified as PNG/JPEG/GIF/WebP, so the browser can
/// only draw it as a picture, and the sandbox policy still forbids scripts. PDFs are never shown inline: PDF viewers
/// run scripts of their own, and Chromium's viewer does not open inside a sandboxed response anyway; they download and
/// print from the reader. SVG and HTML are never accepted at all.
/// </summary>
[AllowAnonymous]
internal sealed partial class AttachmentModel(
    WaslDbContext db,
    RequestAccess access,
    IFileStore store,
    IDataProtectionProvider protection,
    ILogger<AttachmentModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, string? view, CancellationToken ct)
    {
        if (!PublicId().IsMatch(id ?? "")) return NotFound();
        var attachment = await db.Set<RequestAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.PublicId == id, ct);
        var asStaff = attachment is not null && User.HasClaim(WaslClaims.Kind, nameof(AccountKind.Staff)) && await access.StaffCanSeeAsync(attachment.RequestId, ct);
        if (attachment is null || (!asStaff && !await RequesterMayReadAsync(attachment, ct)))
        {
            logger.LogWarning("Attachment refused to {User} (id starting {Id})", User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", id![..8]);
            return NotFound();
        }
        var content = await store.OpenReadAsync(attachment.StorageKey, ct);
        if (content is null)
        {
            logger.LogError("Stored file missing for attachment {AttachmentId}", attachment.Id);
            return NotFound();
        }
        var inline = view == "1" && asStaff && FileTypes.ByContentType(attachment.ContentType)?.IsRasterImage == true;
        var headers = Response.Headers;
        headers.ContentDisposition = FileNames.ContentDisposition(attachment.FileName, inline);
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = inline ? "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'" : "sandbox; default-src 'none'";
        headers.CacheControl = "no-store";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return File(content, attachment.ContentType);
    }

    /// <summary>The requester: public files only, of their own request (signed in) or of the request their tracking session names.</summary>
    private async Task<bool> RequesterMayReadAsync(RequestAttachment attachment, CancellationToken ct)
    {
        if (!attachment.IsPublic) return false;
        if (User.HasClaim(WaslClaims.Kind, nameof(AccountKind.Beneficiary)) && Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me)
            && await db.Set<Request>().AnyAsync(r => r.Id == attachment.RequestId && r.RequesterId == me, ct))
            return true;
        return TrackingSession.RequestId(Request, protection) == attachment.RequestId;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex PublicId();
}
