using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// One audited action: who (as they were named then), what (an action code), when, on what subject, from where.
/// Written in the same transaction as the change it records and never updated or deleted (see docs/adr/0010).
/// </summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC, whole microseconds (what PostgreSQL keeps), so the hash of what was written is the hash of what is read.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>A dotted code, e.g. "sign-in.failed", "admin.Unit.changed", "Request.Forwarded", "export.csv".</summary>
    public string Action { get; set; } = "";
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? ActorPosition { get; set; }

    /// <summary>Whose position the actor acted in, when they acted by delegation.</summary>
    public string? OnBehalfOf { get; set; }
    public string? Subject { get; set; }
    public string? SubjectId { get; set; }
    public int? UnitId { get; set; }
    public string? RemoteAddress { get; set; }

    /// <summary>Small JSON: names and codes, never values that are secrets (passwords, codes, keys).</summary>
    public string? Details { get; set; }
}

/// <summary>An entry not sealed yet: the sealer's queue (the only audit table rows are deleted from).</summary>
internal sealed class AuditPending
{
    public long EntryId { get; set; }
    public AuditEntry? Entry { get; set; }
}

/// <summary>A link of the chain: Hash = SHA-256(PreviousHash || canonical bytes of the entry). Seq counts 1, 2, 3… without gaps.</summary>
internal sealed class AuditSeal
{
    public long Seq { get; set; }
    public long EntryId { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset SealedAt { get; set; }
}

/// <summary>The chain's head at a moment, every N seals or every interval; also written to the log, so it leaves the database.</summary>
internal sealed class AuditAnchor
{
    public long Id { get; set; }
    public long Seq { get; set; }
    public string Hash { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>, IEntityTypeConfiguration<AuditPending>,
    IEntityTypeConfiguration<AuditSeal>, IEntityTypeConfiguration<AuditAnchor>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.ActorPosition).HasMaxLength(200);
        b.Property(e => e.OnBehalfOf).HasMaxLength(200);
        b.Property(e => e.Subject).HasMaxLength(64);
        b.Property(e => e.SubjectId).HasMaxLength(64);
        b.Property(e => e.RemoteAddress).HasMaxLength(64);
        b.Property(e => e.Details).HasMaxLength(2000);
        // Newest first for every filter: each index ends with the id, the page's key.
        b.HasIndex(e => new { e.ActorId, e.Id });
        b.HasIndex(e => new { e.Action, e.Id });
        b.HasIndex(e => new { e.Subject, e.SubjectId, e.Id });
        b.HasIndex(e => new { e.RemoteAddress, e.Id });
        b.HasIndex(e => e.At);
    }

    public void Configure(EntityTypeBuilder<AuditPending> b)
    {
        b.ToTable("AuditPending");
        b.HasKey(p => p.EntryId);
        b.Property(p => p.EntryId).ValueGeneratedNever();
        b.HasOne(p => p.Entry).WithOne().HasForeignKey<AuditPending>(p => p.EntryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AuditSeal> b)
    {
        b.ToTable("AuditSeals");
        b.HasKey(s => s.Seq);
        b.Property(s => s.Seq).ValueGeneratedNever();
        b.Property(s => s.PreviousHash).HasMaxLength(64);
        b.Property(s => s.Hash).HasMaxLength(64);
        b.HasIndex(s => s.EntryId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<AuditAnchor> b)
    {
        b.ToTable("AuditAnchors");
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => a.Seq).IsUnique();
    }
}
