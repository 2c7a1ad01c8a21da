using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Wasl.Web.Platform.Data;

/// <summary>Stores instants as UTC ticks on SQLite so that ordering and range filters run in the database.</summary>
internal sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
