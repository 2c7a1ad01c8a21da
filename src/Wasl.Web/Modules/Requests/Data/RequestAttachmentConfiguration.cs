using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Attachments;

namespace Wasl.Web.Modules.Requests.Data;

internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> b) =>
        Attachments.Configure<RequestAttachment, RequestEvent, Request>(b, "RequestAttachments", nameof(RequestAttachment.RequestId));
}
