namespace Wasl.Web.Modules.Requests.Domain;

/// <summary>
/// A file that came with a request or with one of its timeline events. It is reached by <see cref="PublicId"/>, a random
/// value (never the sequential id), and every download checks who is asking. Internal files (with an internal note)
/// are never shown or served to the requester. The content lives in the file store under <see cref="StorageKey"/>.
/// </summary>
internal sealed class RequestAttachment
{
    public long Id { get; set; }

    /// <summary>128 random bits in hex: what links carry.</summary>
    public string PublicId { get; set; } = "";
    public long RequestId { get; set; }

    /// <summary>The timeline event the file came with (submission, added information, reply, note).</summary>
    public long? EventId { get; set; }

    /// <summary>Set instead of <see cref="EventId"/> when the event is written in the same save.</summary>
    public RequestEvent? Event { get; set; }

    /// <summary>The name the person gave it, sanitized; only ever displayed and sent as the download name.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The file store's random key.</summary>
    public string StorageKey { get; set; } = "";

    /// <summary>The type found in the content, not the one the browser claimed.</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public byte[] Sha256 { get; set; } = [];
    public bool IsPublic { get; set; }

    /// <summary>Who uploaded it: the requester, the agent filing for them, or staff; null for a guest.</summary>
    public Guid? UploaderId { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
