using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Modules.Requests.Data;

internal sealed class RequestConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> b)
    {
        b.ToTable("Requests");
        b.Property(r => r.Number).HasMaxLength(32);
        b.HasIndex(r => r.Number).IsUnique();
        b.Property(r => r.Subject).HasMaxLength(200);
        b.Property(r => r.Description).HasMaxLength(8000);
        b.Property(r => r.SearchText).HasMaxLength(16400);
        // Rows from before a change of the normalization: found by the index, recomputed by SearchTextRebuild.
        b.Property(r => r.SearchVersion).HasDefaultValue(1);
        b.HasIndex(r => r.SearchVersion);
        b.Property(r => r.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.Importance).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RequesterRole).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RequesterName).HasMaxLength(200);
        b.Property(r => r.RequesterNationalId).HasMaxLength(32);
        b.Property(r => r.RequesterMobile).HasMaxLength(20);
        b.Property(r => r.RequesterEmail).HasMaxLength(256);
        b.Property(r => r.GuestSecretHash).HasMaxLength(32);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Property(r => r.Resolution).HasMaxLength(8000);
        // "Mine": a person's open requests among the units they see, one probe of (assignee, unit) per unit (migration 0026).
        b.HasIndex(r => new { r.AssigneeId, r.UnitId }, "IX_Requests_Assigned")
            .HasFilter("\"AssigneeId\" IS NOT NULL AND \"Status\" <> 'Resolved' AND \"Status\" <> 'Closed'");
        // Queues page by (unit, status, id) and "mine" by requester; lookups by national ID and mobile are exact.
        b.HasIndex(r => new { r.UnitId, r.Status, r.Id });
        b.HasIndex(r => new { r.RequesterId, r.Id });
        // One unit's requests newest first (a school's search for a frequent word walks them; migration 0026).
        b.HasIndex(r => new { r.UnitId, r.Id }, "IX_Requests_UnitId_Id");
        // Requests whose clock runs (the "overdue" queue and, later, the deadline poller): a partial index stays as small
        // as the open work, whatever the size of the archive. The predicate matches the SQL EF sends for those queries.
        b.HasIndex(r => new { r.UnitId, r.Id }, "IX_Requests_Running")
            .HasFilter("\"Status\" <> 'Resolved' AND \"Status\" <> 'Closed' AND \"Status\" <> 'AwaitingRequester'");
        b.Property(r => r.Language).HasMaxLength(8);
        b.Property(r => r.Address).HasMaxLength(Request.AddressMax);
        b.Property(r => r.AddressId).HasMaxLength(Request.AddressIdMax);
        b.Property(r => r.Zipcode).HasMaxLength(Request.ZipcodeMax);
        b.Property(r => r.MediaUrl).HasMaxLength(Request.MediaUrlMax);
        // The deadline sweeper reads only what is due: cost follows the due items, not the open requests.
        b.HasIndex(r => new { r.NextCheckAt, r.Id }, "IX_Requests_NextCheck").HasFilter("\"NextCheckAt\" IS NOT NULL");
        // The "overdue" queue and its count: a range of the running requests' due instants per unit.
        b.HasIndex(r => new { r.UnitId, r.DueAt }, "IX_Requests_Due").HasFilter("\"DueAt\" IS NOT NULL");
        b.HasIndex(r => r.RequesterNationalId);
        b.HasIndex(r => r.RequesterMobile);
        // The indicators' map: the latest located requests of a period, newest first, among located ones only.
        b.HasIndex(r => new { r.CreatedAt, r.Id }, "IX_Requests_Located").HasFilter("\"Latitude\" IS NOT NULL");
        // Reports and their exports: a period of each unit in scope, read unit by unit in the report's (unit, id) order.
        b.HasIndex(r => new { r.UnitId, r.CreatedAt }, "IX_Requests_UnitId_CreatedAt");
        // … and of one unit (a school's map need not walk the country's located requests).
        b.HasIndex(r => new { r.UnitId, r.CreatedAt, r.Id }, "IX_Requests_LocatedByUnit").HasFilter("\"Latitude\" IS NOT NULL");
        b.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Category>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Platform.Security.ApiClients.ApiClient>().WithMany().HasForeignKey(r => r.ApiClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> b) =>
        TimelineEvents.Configure<RequestEvent, EventKind, Request>(b, "RequestEvents", e => e.RequestId);
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("RequestCategories");
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Code).HasMaxLength(32);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.NameLatin).HasMaxLength(200);
        b.HasIndex(c => new { c.OwnerUnitId, c.Code }).IsUnique();
        b.HasIndex(c => new { c.Type, c.IsActive });
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.ResponsibleUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
