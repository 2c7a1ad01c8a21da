using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Modules.Requests.Domain;

namespace Wasl.Web.Modules.Requests.Data;

internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> b)
    {
        b.ToTable("RequestAttachments");
        b.Property(a => a.PublicId).HasMaxLength(32);
        b.HasIndex(a => a.PublicId).IsUnique();
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.StorageKey).HasMaxLength(64);
        b.HasIndex(a => a.StorageKey).IsUnique();
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(32);
        // A request's files in upload order; the per-request limit counts them.
        b.HasIndex(a => new { a.RequestId, a.Id });
        b.HasOne<Request>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Event).WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}
