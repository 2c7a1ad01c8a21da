namespace Wasl.Web.Platform.Notifications;

internal enum NotificationChannel
{
    Email = 0,
    Sms = 1,
}

internal enum OutboxStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Gave up after the last retry or a permanent refusal: shown to administrators, who may send it again.</summary>
    Dead = 2,
}

/// <summary>
/// A message to send, written in the same transaction as the change it tells of, so a crash can neither lose it
/// nor send a change that was rolled back. (EventKey, Channel, Recipient) is unique: the same notice is never
/// queued twice. The text is rendered when queued, in the recipient's language.
/// </summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }
    public string EventKey { get; set; } = "";
    public NotificationChannel Channel { get; set; }

    /// <summary>E-mail address or mobile number (E.164 digits).</summary>
    public string Recipient { get; set; } = "";
    public Guid? UserId { get; set; }
    public string Template { get; set; } = "";
    public string Language { get; set; } = "ar";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Html { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A dispatcher holds the message until then; after a crash the lease lapses and another node sends it.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>A notice in a person's notification centre (in the application). One per (user, event).</summary>
internal sealed class UserNotification
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string EventKey { get; set; } = "";
    public string Template { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>A site-relative link to what the notice is about.</summary>
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
