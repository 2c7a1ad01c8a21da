using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wasl.Web.Platform.Timeline;

/// <summary>
/// One line of a subject's timeline (a request, later a letter or an appointment): who did it, in which position as
/// it was then, for whom, when, in which unit, and whether the person the subject is about may see it. Each module
/// keeps its events in its own table (RequestEvents, …), so its indexes stay its own and nothing moves when a module
/// arrives; this class holds the columns every timeline has, and <see cref="TimelineEvents.Configure"/> maps them the
/// same way everywhere. The subject's key (RequestId, …) is the module's own column.
/// </summary>
internal abstract class TimelineEvent
{
    public const int TextMax = 8000;
    public const int PositionMax = 200;
    public const int KindMax = 24;

    public long Id { get; set; }
    public bool IsPublic { get; set; }

    /// <summary>The person who acted: a staff member, the requester (null for a guest), or nobody for the system's own work.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>The title of the position the actor acted in, as it was then (history does not change with later renames).</summary>
    public string? ActorPosition { get; set; }

    /// <summary>The actor acted for the position's holder, as a deputy or coordinator.</summary>
    public bool ByDelegation { get; set; }

    /// <summary>The unit the event concerns (where the subject went, or where it was when it happened).</summary>
    public int? UnitId { get; set; }

    /// <summary>What was written (a reply, a note, a reason) or a short value (a score, an importance).</summary>
    public string? Text { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A timeline event whose kinds are the module's own enum (stored by name).</summary>
internal abstract class TimelineEvent<TKind> : TimelineEvent
    where TKind : struct, Enum
{
    public TKind Kind { get; set; }
}

/// <summary>The one EF mapping of the common timeline columns.</summary>
internal static class TimelineEvents
{
    /// <summary>
    /// Maps the common columns of <typeparamref name="TEvent"/> into <paramref name="table"/>, with the index that reads
    /// one subject's timeline in order (<paramref name="subjectKey"/>, Id) and the subject's foreign key.
    /// </summary>
    public static void Configure<TEvent, TKind, TSubject>(EntityTypeBuilder<TEvent> b, string table, System.Linq.Expressions.Expression<Func<TEvent, long>> subjectKey)
        where TEvent : TimelineEvent<TKind>
        where TKind : struct, Enum
        where TSubject : class
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(subjectKey);
        b.ToTable(table);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(TimelineEvent.KindMax);
        b.Property(e => e.Text).HasMaxLength(TimelineEvent.TextMax);
        b.Property(e => e.ActorPosition).HasMaxLength(TimelineEvent.PositionMax);
        var key = ((System.Linq.Expressions.MemberExpression)subjectKey.Body).Member.Name;
        b.HasIndex(key, nameof(TimelineEvent.Id));
        b.HasOne<TSubject>().WithMany().HasForeignKey(key).OnDelete(DeleteBehavior.Restrict);
    }
}
