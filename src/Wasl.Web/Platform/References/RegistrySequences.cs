using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.References;

/// <summary>
/// The last registry number given for one kind of document (e.g. a module's outgoing or incoming letters) at one unit
/// in one year. Numbers start at 1 each year.
/// </summary>
internal sealed class RegistrySequence
{
    public int UnitId { get; set; }
    public int Year { get; set; }
    public string Kind { get; set; } = "";
    public long Last { get; set; }
}

internal sealed class RegistrySequenceConfiguration : IEntityTypeConfiguration<RegistrySequence>
{
    public void Configure(EntityTypeBuilder<RegistrySequence> b)
    {
        b.ToTable("RegistrySequences");
        // The unit leads the key, so the key also serves the foreign key.
        b.HasKey(s => new { s.UnitId, s.Year, s.Kind });
        b.Property(s => s.Kind).HasMaxLength(32);
        b.HasOne<Unit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Gap-free registry numbers: 1, 2, 3… per (kind, unit, year), never skipped and never repeated, on any number of nodes.
/// <para>
/// The number is taken inside the caller's transaction by one statement that creates the counter row on first use
/// and otherwise increments it (INSERT … ON CONFLICT DO UPDATE … RETURNING, on PostgreSQL and SQLite alike). The row
/// stays locked until the caller commits or rolls back: a document that is not saved gives its number back, and the
/// next writer of the same unit and year waits for that outcome. Writers of other units or years never wait.
/// A database SEQUENCE would not do: it hands out numbers outside transactions, so a rollback leaves a gap.
/// </para>
/// </summary>
internal sealed class RegistrySequences(Data.WaslDbContext db)
{
    public const int MaxKindLength = 32;

    /// <summary>
    /// The next number of <paramref name="kind"/> at <paramref name="unitId"/> in <paramref name="year"/>; requires an
    /// open transaction (the number belongs to what that transaction saves).
    /// </summary>
    public async Task<long> NextAsync(string kind, int unitId, int year, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kind.Length, MaxKindLength, nameof(kind));
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1, nameof(year));
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A registry number is taken inside the transaction that saves its document; begin one first.");
        var numbers = await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO "RegistrySequences" ("UnitId", "Year", "Kind", "Last") VALUES ({unitId}, {year}, {kind}, 1)
            ON CONFLICT ("UnitId", "Year", "Kind") DO UPDATE SET "Last" = "RegistrySequences"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return numbers.Single();
    }
}

/// <summary>A registry number as people write it: <c>{unit code}/{year}/{number}</c>, e.g. <c>RIY-S1/2027/42</c>.</summary>
internal readonly record struct RegistryNumber(string UnitCode, int Year, long Number)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{UnitCode}/{Year:0000}/{Number}");
}
