using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// The production sender against a real SMTP server (<see cref="SmtpSink"/>): Arabic survives the trip as a mail
/// client decodes it, and each way of failing says whether a retry can help.
/// </summary>
public sealed class SmtpEmailSenderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static SmtpEmailSender Sender(int port, int timeoutSeconds = 30) => new(Options.Create(new SmtpOptions
    {
        Host = "127.0.0.1",
        Port = port,
        From = "no-reply@wasl.example",
        FromName = "وصل",
        TimeoutSeconds = timeoutSeconds,
    }));

    [Fact]
    public async Task Arabic_subject_and_bodies_arrive_intact_as_plain_text_then_html()
    {
        await using var sink = await SmtpSink.StartAsync();
        const string subject = "تم استلام طلبك رقم WSL-2026-7K3Q9DM-4";
        const string text = "مرحبًا أحمد،\r\nاستلمنا طلبك رقم WSL-2026-7K3Q9DM-4 وسنرد عليك خلال خمسة أيام عمل.\r\nفريق وصل";
        const string html = """
            <!DOCTYPE html>
            <html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>وصل</title></head>
            <body><p>مرحبًا أحمد،</p><p>استلمنا طلبك رقم <bdi dir="ltr">WSL-2026-7K3Q9DM-4</bdi> وسنرد عليك خلال خمسة أيام عمل.</p></body></html>
            """;

        await Sender(sink.Port).SendAsync(new EmailMessage("ahmad@example.org", subject, text, html, "<outbox-123@wasl>"), CancellationToken.None);

        var mail = await sink.WaitForAsync(m => m.To.Contains("ahmad@example.org"), Wait);
        Assert.Equal(subject, mail.Subject);
        Assert.Equal(text.ReplaceLineEndings("\n"), mail.Text?.ReplaceLineEndings("\n"));
        Assert.Equal(html.ReplaceLineEndings("\n"), mail.Html?.ReplaceLineEndings("\n"));
        Assert.Contains("dir=\"rtl\"", mail.Html, StringComparison.Ordinal);
        Assert.Equal("<outbox-123@wasl>", mail.MessageId);
        Assert.Equal("no-reply@wasl.example", mail.From);
        Assert.Equal("وصل", mail.FromName);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal(["multipart/alternative", "text/plain", "text/html"], mail.Parts);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Text_only_message_is_a_single_plain_text_part()
    {
        await using var sink = await SmtpSink.StartAsync();
        const string text = "رمز التحقق: ١٢٣٤٥٦";

        await Sender(sink.Port).SendAsync(new EmailMessage("sara@example.org", "رمز التحقق", text, null, "<code-7@wasl>"), CancellationToken.None);

        var mail = await sink.WaitForAsync(m => m.MessageId == "<code-7@wasl>", Wait);
        Assert.Equal(text, mail.Text?.TrimEnd());
        Assert.Null(mail.Html);
        Assert.Equal(["text/plain"], mail.Parts);
    }

    [Fact]
    public async Task A_temporary_refusal_is_not_permanent()
    {
        await using var sink = await SmtpSink.StartAsync();

        var e = await Assert.ThrowsAsync<EmailRejectedException>(() => Sender(sink.Port)
            .SendAsync(new EmailMessage("fail-busy@example.org", "موضوع", "نص", null, "<outbox-1@wasl>"), CancellationToken.None));

        Assert.False(e.Permanent, e.Message);
        Assert.Contains("451", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_mailbox_that_does_not_exist_is_permanent()
    {
        await using var sink = await SmtpSink.StartAsync();

        var e = await Assert.ThrowsAsync<EmailRejectedException>(() => Sender(sink.Port)
            .SendAsync(new EmailMessage("reject-nobody@example.org", "موضوع", "نص", "<p>نص</p>", "<outbox-2@wasl>"), CancellationToken.None));

        Assert.True(e.Permanent, e.Message);
        Assert.Contains("550", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_temporary_failure()
    {
        var port = UnusedPort();

        var e = await Assert.ThrowsAsync<EmailRejectedException>(() => Sender(port)
            .SendAsync(new EmailMessage("ahmad@example.org", "موضوع", "نص", null, "<outbox-3@wasl>"), CancellationToken.None));

        Assert.False(e.Permanent, e.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_a_temporary_failure()
    {
        // Accepts the connection and then says nothing, like a hung relay.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var e = await Assert.ThrowsAsync<EmailRejectedException>(() => Sender(((IPEndPoint)silent.LocalEndpoint).Port, timeoutSeconds: 1)
            .SendAsync(new EmailMessage("ahmad@example.org", "موضوع", "نص", null, "<outbox-4@wasl>"), CancellationToken.None));

        Assert.False(e.Permanent, e.Message);
        // MailKit reports its own timeout as TimeoutException; a cancelled wait is an OperationCanceledException.
        Assert.True(e.InnerException is TimeoutException or OperationCanceledException, e.InnerException?.GetType().FullName);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_failure()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(sink.Port)
            .SendAsync(new EmailMessage("ahmad@example.org", "موضوع", "نص", null, "<outbox-5@wasl>"), cancelled.Token));

        Assert.Empty(sink.Messages);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
