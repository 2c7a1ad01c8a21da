using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Data;

/// <summary>The one DbContext. Modules add their configurations from their own Data/ folders.</summary>
internal sealed class WaslDbContext(DbContextOptions<WaslDbContext> options)
    : IdentityUserContext<WaslUser, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<UnitKind> UnitKinds => Set<UnitKind>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SpentChallenge> SpentChallenges => Set<SpentChallenge>();
    public DbSet<SubmissionCount> SubmissionCounts => Set<SubmissionCount>();
    public DbSet<PlatformSecret> PlatformSecrets => Set<PlatformSecret>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Modules keep their tables' configuration in their own Data/ folders; Platform does not name them.
        builder.ApplyConfigurationsFromAssembly(typeof(WaslDbContext).Assembly);

        builder.Entity<WaslUser>(b =>
        {
            b.Property(u => u.FullName).HasMaxLength(200);
            b.Property(u => u.NationalId).HasMaxLength(32);
            b.Property(u => u.PhoneNumber).HasMaxLength(20);
            b.Property(u => u.PreferredLanguage).HasMaxLength(8);
            b.HasIndex(u => u.HomeUnitId);
            b.HasOne<Unit>().WithMany().HasForeignKey(u => u.HomeUnitId).OnDelete(DeleteBehavior.Restrict);
            b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(u => u.PreferredCalendar).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(u => u.PhoneNumber).IsUnique();
            b.HasIndex(u => u.NationalId).IsUnique();
        });

        builder.Entity<IdentityUserToken<Guid>>(b =>
        {
            b.Property(t => t.LoginProvider).HasMaxLength(128);
            b.Property(t => t.Name).HasMaxLength(128);
        });
        builder.Entity<IdentityUserLogin<Guid>>(b =>
        {
            b.Property(l => l.LoginProvider).HasMaxLength(128);
            b.Property(l => l.ProviderKey).HasMaxLength(128);
        });

        builder.Entity<UnitKind>(b =>
        {
            b.Property(k => k.Code).HasMaxLength(32);
            b.Property(k => k.Name).HasMaxLength(100);
            b.Property(k => k.NameLatin).HasMaxLength(100);
            b.HasIndex(k => k.Code).IsUnique();
        });

        builder.Entity<Unit>(b =>
        {
            b.Property(u => u.Code).HasMaxLength(32);
            b.Property(u => u.Name).HasMaxLength(200);
            b.Property(u => u.NameLatin).HasMaxLength(200);
            b.Property(u => u.Path).HasMaxLength(400);
            // Paths are ASCII ids: byte order makes the B-tree serve both "LIKE 'prefix%'" subtrees and key paging on PostgreSQL.
            if (Database.IsNpgsql()) b.Property(u => u.Path).UseCollation("C");
            b.HasIndex(u => u.Code).IsUnique();
            b.HasIndex(u => u.Path);
            b.HasIndex(u => u.ParentId);
            b.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne(u => u.Kind).WithMany().HasForeignKey(u => u.KindId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Position>(b =>
        {
            b.Property(p => p.Title).HasMaxLength(200);
            b.Property(p => p.TitleLatin).HasMaxLength(200);
            b.HasIndex(p => p.UnitId);
            b.HasIndex(p => p.HolderId);
            b.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<WaslUser>().WithMany().HasForeignKey(p => p.HolderId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Delegation>(b =>
        {
            b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(d => d.DelegateId);
            b.HasIndex(d => d.PositionId);
            b.HasOne(d => d.Position).WithMany().HasForeignKey(d => d.PositionId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<WaslUser>().WithMany().HasForeignKey(d => d.DelegateId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<RoleAssignment>(b =>
        {
            b.Property(r => r.Role).HasConversion<string>().HasMaxLength(32);
            b.HasIndex(r => new { r.UserId, r.Role, r.UnitId }).IsUnique();
            b.HasIndex(r => r.UnitId);
            b.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<WaslUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // The key ring (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore) in the table the hand-written repository
        // used before: same columns, same XML, so keys written before the switch are read as they are (docs/adr/0011).
        builder.Entity<DataProtectionKey>(b =>
        {
            b.Property(k => k.FriendlyName).HasMaxLength(200).IsRequired();
            b.Property(k => k.Xml).IsRequired();
            b.HasIndex(k => k.FriendlyName).IsUnique();
        });

        builder.Entity<SpentChallenge>(b =>
        {
            b.HasKey(c => c.Signature);
            b.Property(c => c.Signature).HasMaxLength(64);
            b.HasIndex(c => c.ExpiresAt);
        });

        builder.Entity<SubmissionCount>(b =>
        {
            b.HasKey(c => new { c.Key, c.Day });
            b.Property(c => c.Key).HasMaxLength(64);
        });

        builder.Entity<PlatformSecret>(b =>
        {
            b.HasKey(s => s.Name);
            b.Property(s => s.Name).HasMaxLength(64);
            b.Property(s => s.Value).HasMaxLength(200);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset natively; store UTC ticks there and timestamptz on PostgreSQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}
