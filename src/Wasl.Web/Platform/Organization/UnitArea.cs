using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wasl.Web.Platform.Organization;

/// <summary>
/// The area a unit serves, as a GeoJSON Polygon or MultiPolygon (validated when set, see Maps.GeoJsonArea). The
/// bounding box is kept in indexed columns, so a lookup by point narrows tens of thousands of school areas in SQL and
/// tests only the few candidates with NetTopologySuite.
/// </summary>
internal sealed class UnitArea
{
    public int UnitId { get; set; }
    public string GeoJson { get; set; } = "";
    public double MinLatitude { get; set; }
    public double MaxLatitude { get; set; }
    public double MinLongitude { get; set; }
    public double MaxLongitude { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class UnitAreaConfiguration : IEntityTypeConfiguration<UnitArea>
{
    public void Configure(EntityTypeBuilder<UnitArea> b)
    {
        b.ToTable("UnitAreas");
        b.HasKey(a => a.UnitId);
        b.Property(a => a.UnitId).ValueGeneratedNever();
        b.HasIndex(a => new { a.MinLatitude, a.MaxLatitude, a.MinLongitude, a.MaxLongitude }).HasDatabaseName("IX_UnitAreas_Box");
        b.HasOne<Unit>().WithOne().HasForeignKey<UnitArea>(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
