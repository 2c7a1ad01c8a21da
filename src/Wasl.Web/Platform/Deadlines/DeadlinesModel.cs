using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Deadlines;

internal sealed class UnitCalendarConfiguration : IEntityTypeConfiguration<UnitCalendar>
{
    public void Configure(EntityTypeBuilder<UnitCalendar> b)
    {
        b.ToTable("UnitCalendars");
        b.Property(c => c.Country).HasMaxLength(2);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Property(c => c.Week).HasMaxLength(400);
        b.HasIndex(c => c.UnitId).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Seasons).WithOne().HasForeignKey(s => s.CalendarId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Holidays).WithOne().HasForeignKey(h => h.CalendarId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarSeasonConfiguration : IEntityTypeConfiguration<CalendarSeasonEntry>
{
    public void Configure(EntityTypeBuilder<CalendarSeasonEntry> b)
    {
        b.ToTable("CalendarSeasons");
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Week).HasMaxLength(400);
        b.Property(s => s.EnteredIn).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(s => s.CalendarId);
    }
}

internal sealed class CalendarHolidayConfiguration : IEntityTypeConfiguration<CalendarHoliday>
{
    public void Configure(EntityTypeBuilder<CalendarHoliday> b)
    {
        b.ToTable("CalendarHolidays");
        b.Property(h => h.Name).HasMaxLength(200);
        b.Property(h => h.EnteredIn).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(h => h.CalendarId);
    }
}

internal sealed class DeadlinePolicyConfiguration : IEntityTypeConfiguration<DeadlinePolicy>
{
    public void Configure(EntityTypeBuilder<DeadlinePolicy> b)
    {
        b.ToTable("DeadlinePolicies");
        b.Property(p => p.Subject).HasMaxLength(32);
        b.Property(p => p.Kind).HasMaxLength(32);
        b.Property(p => p.Importance).HasMaxLength(16);
        b.Property(p => p.OnBreach).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(p => new { p.Subject, p.Kind, p.Importance }).IsUnique();
    }
}

internal sealed class DeadlineRecomputeJobConfiguration : IEntityTypeConfiguration<DeadlineRecomputeJob>
{
    public void Configure(EntityTypeBuilder<DeadlineRecomputeJob> b)
    {
        b.ToTable("DeadlineRecomputeJobs");
        b.Property(j => j.Subject).HasMaxLength(32);
        b.HasIndex(j => new { j.Subject, j.Id }, "IX_DeadlineRecomputeJobs_Open").HasFilter("\"DoneAt\" IS NULL");
        b.HasOne<Unit>().WithMany().HasForeignKey(j => j.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
