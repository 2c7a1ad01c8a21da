using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Notifications;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.EventKey).HasMaxLength(200);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.Recipient).HasMaxLength(256);
        b.Property(m => m.Template).HasMaxLength(64);
        b.Property(m => m.Language).HasMaxLength(8);
        b.Property(m => m.Subject).HasMaxLength(400);
        b.Property(m => m.Body).HasMaxLength(8000);
        b.Property(m => m.Html).HasMaxLength(32000);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.LastError).HasMaxLength(1000);
        // Idempotence: one message per (event, channel, recipient), whatever retries or nodes do.
        b.HasIndex(m => new { m.EventKey, m.Channel, m.Recipient }).IsUnique();
        // The dispatcher reads only pending messages, oldest due first: a partial index as small as the backlog.
        b.HasIndex(m => new { m.NextAttemptAt, m.Id }, "IX_OutboxMessages_Pending").HasFilter("\"Status\" = 'Pending'");
        // Administrators list dead letters, newest first.
        b.HasIndex(m => new { m.Status, m.Id });
    }
}

internal sealed class UserNotificationConfiguration : IEntityTypeConfiguration<UserNotification>
{
    public void Configure(EntityTypeBuilder<UserNotification> b)
    {
        b.ToTable("UserNotifications");
        b.Property(n => n.EventKey).HasMaxLength(200);
        b.Property(n => n.Template).HasMaxLength(64);
        b.Property(n => n.Title).HasMaxLength(400);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(400);
        b.HasIndex(n => new { n.UserId, n.EventKey }).IsUnique();
        b.HasIndex(n => new { n.UserId, n.Id });
        // The unread badge on every page counts from this partial index only.
        b.HasIndex(n => n.UserId, "IX_UserNotifications_Unread").HasFilter("\"ReadAt\" IS NULL");
        b.HasOne<WaslUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
