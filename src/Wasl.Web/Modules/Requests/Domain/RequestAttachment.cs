using Wasl.Web.Platform.Attachments;

namespace Wasl.Web.Modules.Requests.Domain;

/// <summary>A file of a request or of one of its timeline events (the common columns are <see cref="Attachment"/>'s); kept in RequestAttachments.</summary>
internal sealed class RequestAttachment : Attachment<RequestEvent>
{
    public long RequestId { get; set; }

    public override long OwnerId => RequestId;
}
