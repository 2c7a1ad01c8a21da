namespace Wasl.Web.Platform.Notifications;

/// <summary>One e-mail to one person, ready to send.</summary>
/// <param name="HtmlBody">Optional; when set the mail carries both, plain text first, so any client shows one of them.</param>
/// <param name="MessageId">
/// A stable id in angle brackets, such as "&lt;outbox-123@wasl&gt;", made from what is being sent rather than at
/// sending time: a resend after a crash then carries the same Message-ID, and mail clients show it once.
/// </param>
internal sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody, string MessageId);

/// <summary>
/// The mail server did not take a message. <see cref="Permanent"/> says whether trying again can help: a 5xx reply
/// (no such mailbox, message refused) will not change, while a 4xx reply, a refused connection or a timeout may.
/// </summary>
internal sealed class EmailRejectedException : Exception
{
    public EmailRejectedException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException) => Permanent = permanent;

    /// <summary>True when the same message will fail again however often it is retried.</summary>
    public bool Permanent { get; }
}
