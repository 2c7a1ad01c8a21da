using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wasl.Web.Modules.Requests.Indicators;

internal sealed class RequestStatChangeConfiguration : IEntityTypeConfiguration<RequestStatChange>
{
    public void Configure(EntityTypeBuilder<RequestStatChange> b)
    {
        b.ToTable("RequestStatChanges");
        // The same representation as the request's own columns, so a rebuild copies them with one INSERT … SELECT.
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
    }
}

internal sealed class RequestDailyStatConfiguration : IEntityTypeConfiguration<RequestDailyStat>
{
    public void Configure(EntityTypeBuilder<RequestDailyStat> b)
    {
        b.ToTable("RequestDailyStats");
        // A period of one unit's subtree is one range of this key.
        b.HasKey(s => new { s.UnitId, s.Day, s.Type, s.CategoryId });
        foreach (var name in StatColumns.Names) b.Property<long>(name);
    }
}
