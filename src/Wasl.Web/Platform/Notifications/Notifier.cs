using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Notifications;

/// <summary>
/// Who a notice goes to. A person with an account gets it in the notification centre; e-mail and SMS go where an
/// address is known and, for non-critical notices, where the person has not turned that channel off.
/// </summary>
internal sealed record NoticeRecipient(Guid? UserId, string? Email, string? Mobile, string? Language, bool EmailOn = true, bool SmsOn = true);

/// <summary>
/// What happened, once: <paramref name="EventKey"/> names the change (e.g. "request:42:v7") so the same notice is never
/// queued twice for the same recipient and channel. The texts are resources "Notice.{Template}.Title|Body|Sms" with
/// <paramref name="Args"/> as placeholders; <paramref name="Link"/> is site-relative.
/// </summary>
internal sealed record Notice(string EventKey, string Template, bool Critical, string? Link, params string[] Args)
{
    /// <summary>
    /// Event keys of notices that carry a secret (a one-time code): once delivered or given up, the outbox forgets
    /// their text, so a code does not wait in the database for the sent-message purge.
    /// </summary>
    public const string SecretPrefix = "secret:";
}

/// <summary>
/// Queues notices in the caller's unit of work: the caller's SaveChanges (in its transaction) commits the change and
/// its notices together, and the dispatcher sends them afterwards. Texts are rendered now, in each recipient's
/// language: right-to-left HTML with a plain-text part for e-mail, every placeholder isolated so numbers and Latin
/// names do not reorder inside Arabic text.
/// </summary>
internal sealed class Notifier(WaslDbContext db, TextCatalog catalog, IOptions<NotificationOptions> options, IOptions<SmtpOptions> smtp, IOptions<DeploymentOptions> deployment, TimeProvider clock)
{
    private const char Fsi = '\u2068';
    private const char Pdi = '\u2069';

    public void Add(Notice notice, IEnumerable<NoticeRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipients);
        var now = clock.GetUtcNow();
        var o = options.Value;
        var seen = new HashSet<(NotificationChannel?, string)>();
        foreach (var r in recipients)
        {
            var language = WaslCultures.IsSupported(r.Language) ? r.Language! : deployment.Value.DefaultLanguage;
            var rendered = Render(notice, language);
            if (r.UserId is { } userId && seen.Add((null, userId.ToString())))
            {
                db.Add(new UserNotification
                {
                    UserId = userId,
                    EventKey = notice.EventKey,
                    Template = notice.Template,
                    Title = Clip(rendered.Title, 400),
                    Body = Clip(rendered.Text, 2000),
                    Link = notice.Link,
                    CreatedAt = now,
                });
            }
            if (smtp.Value.Enabled && !string.IsNullOrWhiteSpace(r.Email) && (notice.Critical || r.EmailOn) && seen.Add((NotificationChannel.Email, r.Email.Trim().ToLowerInvariant())))
                db.Add(Message(notice, NotificationChannel.Email, r.Email.Trim(), r.UserId, language, rendered.Title, rendered.TextWithLink, rendered.Html, now));
            if (o.Sms.Enabled && !string.IsNullOrWhiteSpace(r.Mobile) && (notice.Critical || r.SmsOn) && seen.Add((NotificationChannel.Sms, r.Mobile)))
                db.Add(Message(notice, NotificationChannel.Sms, r.Mobile, r.UserId, language, rendered.Title, rendered.Sms, null, now));
        }
    }

    private static OutboxMessage Message(Notice notice, NotificationChannel channel, string to, Guid? userId, string language, string subject, string body, string? html, DateTimeOffset now) => new()
    {
        EventKey = notice.EventKey,
        Channel = channel,
        Recipient = to,
        UserId = userId,
        Template = notice.Template,
        Language = language,
        Subject = Clip(subject, 400),
        Body = Clip(body, 8000),
        Html = html,
        Status = OutboxStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    /// <summary>The notice in one language: title, plain text (with and without the link), SMS text and e-mail HTML.</summary>
    public RenderedNotice Render(Notice notice, string language)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var culture = WaslCultures.Get(language);
        string Text(string part) => catalog.Find($"Notice.{notice.Template}.{part}", culture) ?? $"Notice.{notice.Template}.{part}";
        var isolated = notice.Args.Select(a => (object)(Fsi + a + Pdi)).ToArray();
        var title = string.Format(culture, Text("Title"), isolated);
        var body = string.Format(culture, Text("Body"), isolated);
        var link = notice.Link is null ? null : options.Value.PublicUrl.TrimEnd('/') + notice.Link;
        var sms = string.Format(culture, Text("Sms"), isolated) + (link is null ? "" : "\n" + link);
        var open = catalog.Find("Notice.Open", culture) ?? "Notice.Open";
        var withLink = link is null ? body : body + "\n\n" + open + ": " + link;
        var rtl = WaslCultures.IsRightToLeft(culture);
        return new RenderedNotice(title, body, withLink, sms, Html(culture.Name, rtl, title, notice, Text("Body"), open, link));
    }

    private static string Html(string lang, bool rtl, string title, Notice notice, string bodyFormat, string open, string? link)
    {
        var dir = rtl ? "rtl" : "ltr";
        var align = rtl ? "right" : "left";
        // Arguments are encoded and wrapped in <bdi> after the format is applied to the encoded template.
        var args = notice.Args.Select(a => (object)("<bdi>" + WebUtility.HtmlEncode(a) + "</bdi>")).ToArray();
        var body = string.Format(CultureInfo.InvariantCulture, WebUtility.HtmlEncode(bodyFormat), args);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>");
        html.Append(CultureInfo.InvariantCulture, $"<body dir=\"{dir}\" style=\"font-family:'Noto Naskh Arabic',Tahoma,Arial,sans-serif;font-size:16px;line-height:1.7;text-align:{align};direction:{dir};\">");
        foreach (var paragraph in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            html.Append("<p>").Append(paragraph).Append("</p>");
        if (link is not null)
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(open)}</a></p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

internal sealed record RenderedNotice(string Title, string Text, string TextWithLink, string Sms, string Html);
