using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Wasl.Web.Platform.Notifications;

/// <summary>
/// Sends one e-mail through the configured SMTP server with MailKit (docs/adr/0011). It only sends and says how it
/// failed: whoever calls it (the outbox) owns retries, so every failure is an exception, and
/// <see cref="EmailRejectedException.Permanent"/> tells a bad address from a server that is down.
/// </summary>
/// <remarks>
/// Arabic must arrive intact in every client, so the subject and display names are UTF-8 encoded words (MimeKit's
/// default) and each body part is UTF-8 in base64 (quoted-printable would triple Arabic text and gains nothing for it).
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
        using var client = new SmtpClient();
        if (smtp.TimeoutSeconds > 0) client.Timeout = smtp.TimeoutSeconds * 1000;
        // The whole exchange is bounded here too: MailKit's Timeout applies to each read and write, not to the message.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (smtp.TimeoutSeconds > 0) timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, timeout.Token);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", timeout.Token);
            await client.SendAsync(mail, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new EmailRejectedException($"{smtp.Host}:{smtp.Port} did not take the message within {smtp.TimeoutSeconds} s.", permanent: false, e);
        }
        catch (SmtpCommandException e)
        {
            throw new EmailRejectedException($"{smtp.Host}:{smtp.Port} did not take the message ({(int)e.StatusCode} {e.StatusCode}, {e.ErrorCode}): {e.Message}", IsPermanent((int)e.StatusCode), e);
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or AuthenticationException or SslHandshakeException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or TimeoutException)
        {
            // A server that cannot be reached, speaks badly, or refuses our login or TLS: an operator fixes it, the message waits.
            throw new EmailRejectedException($"{smtp.Host}:{smtp.Port} did not take the message: {e.Message}", permanent: false, e);
        }
    }

    /// <summary>The message as it goes on the wire: plain text first and HTML second, so a client shows the last it can.</summary>
    internal static MimeMessage Compose(EmailMessage message, SmtpOptions smtp)
    {
        if (!message.MessageId.StartsWith('<') || !message.MessageId.EndsWith('>') || !message.MessageId.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"A Message-ID looks like <outbox-123@wasl>, not {message.MessageId}.", nameof(message));
        if (!MailboxAddress.TryParse(message.To, out var to) || to.Address.IndexOf('@', StringComparison.Ordinal) is <= 0 || to.Address.EndsWith('@'))
            throw new EmailRejectedException($"'{message.To}' is not an e-mail address.", permanent: true);

        var mail = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = message.MessageId[1..^1],
        };
        mail.From.Add(new MailboxAddress(Encoding.UTF8, smtp.FromName, smtp.From));
        mail.To.Add(to);
        mail.Body = message.HtmlBody is null
            ? Part("plain", message.TextBody)
            : new MultipartAlternative { Part("plain", message.TextBody), Part("html", message.HtmlBody) };
        return mail;
    }

    private static TextPart Part(string subtype, string body)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText(Encoding.UTF8, body);
        return part;
    }

    /// <summary>
    /// A 5xx reply is final, except the ones about this server's login or TLS (530, 534, 535, 538): those say the
    /// configuration is wrong, which an operator fixes, and the message should go out once it is.
    /// </summary>
    private static bool IsPermanent(int code) => code is >= 500 and < 600 and not (530 or 534 or 535 or 538);
}
