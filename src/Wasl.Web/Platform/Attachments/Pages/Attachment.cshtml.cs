using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wasl.Web.Platform.Files;

namespace Wasl.Web.Platform.Attachments.Pages;

/// <summary>
/// Serves one attachment of any module, at /{owner segment}/attachments/{id}, after asking the owning module on every
/// call who may read it (ASVS 8.2.2, <see cref="IAttachmentOwner"/>): for requests, staff whose subtree holds the
/// request (any attachment); the beneficiary who owns the request, or a guest inside the tracking session of that
/// request (public attachments only). The address carries a random id, never the sequential one. Every refusal —
/// unknown owner or id, no right, internal file — is the same 404, so nothing tells whether a file exists.
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
    IEnumerable<IAttachmentOwner> owners,
    IFileStore store,
    ILogger<AttachmentModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string owner, string id, string? view, CancellationToken ct)
    {
        if (!PublicId().IsMatch(id ?? "") || owners.FirstOrDefault(o => o.PathSegment == owner) is not { } module) return NotFound();
        var attachment = await module.FindAsync(id!, ct);
        var access = attachment is null ? AttachmentAccess.None : await module.AccessAsync(HttpContext, attachment.OwnerId, ct);
        var asStaff = access == AttachmentAccess.All;
        if (attachment is null || access == AttachmentAccess.None || (!asStaff && !attachment.IsPublic))
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

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex PublicId();
}
