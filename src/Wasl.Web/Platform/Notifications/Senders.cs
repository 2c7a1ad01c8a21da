using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Notifications;

/// <summary>E-mail through SMTP. The Message-ID comes from the outbox id, so a resend after a crash is recognisably the same message.</summary>
internal sealed class EmailNotificationSender(SmtpEmailSender smtp, IOptions<NotificationOptions> options) : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var host = Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var u) ? u.Host : "wasl.local";
        try
        {
            await smtp.SendAsync(new EmailMessage(message.Recipient, message.Subject, message.Body, message.Html, $"<outbox-{message.Id}@{host}>"), ct);
        }
        catch (EmailRejectedException e)
        {
            throw new DeliveryException(e.Message, e.Permanent, e);
        }
    }
}

/// <summary>SMS through the configured HTTP gateway (see <see cref="SmsOptions"/>).</summary>
internal sealed class SmsNotificationSender(HttpClient http, IOptions<NotificationOptions> options) : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Sms;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value.Sms;
        if (!o.Enabled) throw new DeliveryException("SMS gateway not configured", permanent: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, text = message.Body, sender = o.Sender, reference = $"outbox-{message.Id}" }),
        };
        if (!string.IsNullOrEmpty(o.ApiKey)) request.Headers.TryAddWithoutValidation(o.ApiKeyHeader, o.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new DeliveryException("SMS gateway unreachable: " + e.Message, permanent: false, e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var code = (int)response.StatusCode;
            var permanent = code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new DeliveryException($"SMS gateway answered {code}", permanent);
        }
    }
}
