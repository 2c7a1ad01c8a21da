using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Notifications;

/// <summary>
/// Sends one e-mail through the configured SMTP server (System.Net.Mail: no package needed for plain submission).
/// It only sends and says how it failed: whoever calls it (the outbox) owns retries, so every failure is an
/// exception, and <see cref="EmailRejectedException.Permanent"/> tells a bad address from a server that is down.
/// </summary>
/// <remarks>
/// Arabic must arrive intact in every client, so the subject and display name are UTF-8 encoded words and each body
/// part is UTF-8 in base64 (quoted-printable would triple Arabic text and gains nothing for it).
/// </remarks>
internal sealed class SmtpEmailSender(IOptions<SmtpOptions> options)
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value;
        if (!smtp.Enabled)
            throw new InvalidOperationException($"E-mail is off: set {SmtpOptions.Section}:Host and {SmtpOptions.Section}:From.");

        using var mail = Compose(message, smtp);
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);

        // SmtpClient.Timeout covers only the synchronous Send; the asynchronous one is bounded here.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (smtp.TimeoutSeconds > 0) timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        try
        {
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new EmailRejectedException($"{smtp.Host}:{smtp.Port} did not take the message within {smtp.TimeoutSeconds} s.", permanent: false, e);
        }
        catch (SmtpFailedRecipientsException e)
        {
            // Several recipients failed; one message goes to one person, but a permanent verdict needs them all.
            var codes = e.InnerExceptions.Length > 0 ? e.InnerExceptions.Select(i => i.StatusCode).ToList() : [e.StatusCode];
            throw new EmailRejectedException(Describe(e, smtp), codes.All(IsPermanent), e);
        }
        catch (SmtpException e)
        {
            // SmtpFailedRecipientException too. A connection that failed has GeneralFailure (-1): temporary.
            throw new EmailRejectedException(Describe(e, smtp), IsPermanent(e.StatusCode), e);
        }
    }

    /// <summary>The message as it goes on the wire: plain text first and HTML second, so a client shows the last it can.</summary>
    internal static MailMessage Compose(EmailMessage message, SmtpOptions smtp)
    {
        if (!message.MessageId.StartsWith('<') || !message.MessageId.EndsWith('>') || !message.MessageId.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"A Message-ID looks like <outbox-123@wasl>, not {message.MessageId}.", nameof(message));

        MailAddress to;
        try
        {
            to = new MailAddress(message.To);
        }
        catch (FormatException e)
        {
            throw new EmailRejectedException($"'{message.To}' is not an e-mail address.", permanent: true, e);
        }

        var mail = new MailMessage
        {
            From = new MailAddress(smtp.From, smtp.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        try
        {
            mail.To.Add(to);
            mail.Headers.Add("Message-ID", message.MessageId);
            if (message.HtmlBody is null)
            {
                mail.Body = message.TextBody;
                mail.BodyEncoding = Encoding.UTF8;
                mail.BodyTransferEncoding = TransferEncoding.Base64;
            }
            else
            {
                mail.AlternateViews.Add(View(message.TextBody, MediaTypeNames.Text.Plain));
                mail.AlternateViews.Add(View(message.HtmlBody, MediaTypeNames.Text.Html));
            }
            return mail;
        }
        catch
        {
            mail.Dispose();
            throw;
        }
    }

    private static AlternateView View(string body, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(body, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.Base64;
        return view;
    }

    /// <summary>
    /// A 5xx reply is final, except the ones about this server's login or TLS (530, 534, 535, 538): those say the
    /// configuration is wrong, which an operator fixes, and the message should go out once it is.
    /// </summary>
    private static bool IsPermanent(SmtpStatusCode code) => (int)code is >= 500 and < 600 and not (530 or 534 or 535 or 538);

    private static string Describe(SmtpException e, SmtpOptions smtp) =>
        $"{smtp.Host}:{smtp.Port} did not take the message ({(int)e.StatusCode} {e.StatusCode}): {e.Message}";
}
