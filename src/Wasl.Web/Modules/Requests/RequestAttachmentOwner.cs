using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Tracking;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// Requests' answer to "who may read this request's files": staff whose subtree holds the request (every file); the
/// beneficiary who owns it, or a guest inside the tracking session of that request (public files only).
/// </summary>
internal sealed class RequestAttachmentOwner(WaslDbContext db, RequestAccess access, IDataProtectionProvider protection) : IAttachmentOwner
{
    /// <summary>The subject of requests' tracking sessions and locks.</summary>
    public const string Subject = "Request";
    public const string Segment = "requests";

    public string PathSegment => Segment;

    public async Task<Attachment?> FindAsync(string publicId, CancellationToken ct) =>
        await db.Set<RequestAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.PublicId == publicId, ct);

    public async Task<AttachmentAccess> AccessAsync(HttpContext http, long ownerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        if (user.HasClaim(WaslClaims.Kind, nameof(AccountKind.Staff)) && await access.StaffCanSeeAsync(ownerId, ct)) return AttachmentAccess.All;
        if (user.HasClaim(WaslClaims.Kind, nameof(AccountKind.Beneficiary)) && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var me)
            && await db.Set<Request>().AnyAsync(r => r.Id == ownerId && r.RequesterId == me, ct))
            return AttachmentAccess.PublicOnly;
        return TrackingSession.IdOf(http.Request, protection, Subject) == ownerId ? AttachmentAccess.PublicOnly : AttachmentAccess.None;
    }

    /// <summary>A request's files as its lists show them.</summary>
    public static Task<IReadOnlyList<AttachmentView>> ListAsync(WaslDbContext db, long requestId, bool publicOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return AttachmentUploads.ListAsync(db, db.Set<RequestAttachment>().Where(a => a.RequestId == requestId), Segment, publicOnly, ct);
    }

    /// <summary>A request's files so far, for the per-request limit.</summary>
    public static IQueryable<RequestAttachment> Of(WaslDbContext db, long requestId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<RequestAttachment>().Where(a => a.RequestId == requestId);
    }
}
