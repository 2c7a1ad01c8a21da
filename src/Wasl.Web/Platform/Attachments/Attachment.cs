using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Platform.Attachments;

/// <summary>
/// A file that came with a subject (a request, later a letter) or with one of its timeline events. It is reached by
/// <see cref="PublicId"/>, a random value (never the sequential id), and every download asks the owning module who may
/// read it (<see cref="IAttachmentOwner"/>). Internal files are never shown or served to the person the subject is about.
/// The content lives in the file store under <see cref="StorageKey"/>. Each module keeps its files in its own table
/// (RequestAttachments, …) with its owner's key and a foreign key to its own timeline, mapped by <see cref="Attachments.Configure"/>.
/// </summary>
internal abstract class Attachment
{
    public long Id { get; set; }

    /// <summary>128 random bits in hex: what links carry.</summary>
    public string PublicId { get; set; } = "";

    /// <summary>The timeline event the file came with (submission, added information, reply, note).</summary>
    public long? EventId { get; set; }

    /// <summary>The name the person gave it, sanitized; only ever displayed and sent as the download name.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The file store's random key.</summary>
    public string StorageKey { get; set; } = "";

    /// <summary>The type found in the content, not the one the browser claimed.</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public byte[] Sha256 { get; set; } = [];
    public bool IsPublic { get; set; }

    /// <summary>Who uploaded it: the person the subject is about, an agent filing for them, or staff; null for a guest.</summary>
    public Guid? UploaderId { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The owner's id (the request's, …): the module's own column, read through this.</summary>
    public abstract long OwnerId { get; }
}

/// <summary>A module's attachment row with its own owner column and a navigation to its own timeline event.</summary>
internal abstract class Attachment<TEvent> : Attachment
    where TEvent : TimelineEvent
{
    /// <summary>Set instead of <see cref="Attachment.EventId"/> when the event is written in the same save.</summary>
    public TEvent? Event { get; set; }
}

/// <summary>The one EF mapping of the common attachment columns.</summary>
internal static class Attachments
{
    /// <summary>Maps <typeparamref name="TAttachment"/> into <paramref name="table"/>, keyed to its owner by <paramref name="ownerKey"/>.</summary>
    public static void Configure<TAttachment, TEvent, TOwner>(EntityTypeBuilder<TAttachment> b, string table, string ownerKey)
        where TAttachment : Attachment<TEvent>
        where TEvent : TimelineEvent
        where TOwner : class
    {
        ArgumentNullException.ThrowIfNull(b);
        b.ToTable(table);
        b.Ignore(a => a.OwnerId);
        b.Property(a => a.PublicId).HasMaxLength(32);
        b.HasIndex(a => a.PublicId).IsUnique();
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.StorageKey).HasMaxLength(64);
        b.HasIndex(a => a.StorageKey).IsUnique();
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(32);
        // An owner's files in upload order; the per-owner limit counts them.
        b.HasIndex(ownerKey, nameof(Attachment.Id));
        b.HasOne<TOwner>().WithMany().HasForeignKey(ownerKey).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Event).WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>What a person may read of one owner's files.</summary>
internal enum AttachmentAccess
{
    /// <summary>Nothing: the owner is not theirs to see (every refusal answers "not found").</summary>
    None = 0,

    /// <summary>The public files only: the person the subject is about, signed in or inside a guest tracking session.</summary>
    PublicOnly = 1,

    /// <summary>Every file, internal ones too: staff whose scope holds the owner.</summary>
    All = 2,
}

/// <summary>
/// The module side of attachments: where its files are, and who may read them. Platform serves every download through
/// this (Platform/Attachments/Pages/Attachment), so the access rule stays the module's and the serving rules stay one.
/// </summary>
internal interface IAttachmentOwner
{
    /// <summary>The first segment of the owner's addresses ("requests"): downloads are /{segment}/attachments/{id}, inside the module's cookie paths.</summary>
    string PathSegment { get; }

    /// <summary>The file with this public id, if the module has one.</summary>
    Task<Attachment?> FindAsync(string publicId, CancellationToken ct);

    /// <summary>May the person of <paramref name="http"/> (staff, a signed-in owner, or a guest tracking session) read this owner's files, and which?</summary>
    Task<AttachmentAccess> AccessAsync(HttpContext http, long ownerId, CancellationToken ct);
}
