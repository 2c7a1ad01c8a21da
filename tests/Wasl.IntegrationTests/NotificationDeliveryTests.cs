using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// Notices leave through the outbox to a real SMTP server the test starts (issue 4, point 5): the receipt arrives in
/// Arabic, right-to-left, with a plain-text part; failures are retried with back-off and end as dead letters; two
/// dispatchers over one database never send a message twice and two sweepers never escalate a request twice.
/// </summary>
public abstract class NotificationDeliveryTests(DatabaseProvider provider)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    private static async Task<WaslAppFactory> AppAsync(DatabaseProvider provider, string database, SmtpSink sink, Dictionary<string, string?>? extra = null, string? connection = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:From"] = "no-reply@wasl.example",
            ["Notifications:Smtp:FromName"] = "وصل",
            ["Notifications:PublicUrl"] = "https://wasl.example",
            ["Notifications:Dispatcher:MaxAttempts"] = "3",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var app = new WaslAppFactory(provider, connection ?? await TestDatabases.CreateAsync(provider, database), settings: settings);
        _ = app.Server;
        return app;
    }

    private static async Task<string> GuestSubmitsAsync(WaslAppFactory app, string email)
    {
        int unitId;
        using (var scope = app.Services.CreateScope())
            unitId = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        var s = WebSession.Start(app);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = "تأخر تسليم الكتب",
            ["Input.Description"] = "لم تُسلّم الكتب المدرسية للصف الرابع حتى الآن.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
            ["Input.Email"] = email,
        });
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private static async Task<int> DispatchAsync(WaslAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
    }

    private static async Task<List<OutboxMessage>> OutboxAsync(WaslAppFactory app, string recipient)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().AsNoTracking().Where(m => m.Recipient == recipient).ToListAsync();
    }

    [SkippableFact]
    public async Task The_receipt_email_arrives_in_arabic_right_to_left_with_its_number_isolated_and_a_plain_text_part()
    {
        Require();
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await AppAsync(provider, "receipt", sink);
        var number = await GuestSubmitsAsync(app, "guest.parent@example.org");

        var queued = Assert.Single(await OutboxAsync(app, "guest.parent@example.org"));
        Assert.Equal(OutboxStatus.Pending, queued.Status);
        Assert.Equal("Receipt", queued.Template);
        Assert.Equal("ar", queued.Language);
        Assert.Empty(sink.Messages); // nothing leaves before the dispatcher runs: the change and its notice commit together

        await DispatchAsync(app);
        var mail = await sink.WaitForAsync(m => m.To.Contains("guest.parent@example.org"), Wait);
        // The number is isolated (U+2068 … U+2069) so it keeps its order inside the Arabic subject.
        Assert.Equal($"استلمنا طلبك رقم \u2068{number}\u2069", mail.Subject);
        Assert.Contains("شكرًا لتواصلك مع الوزارة", mail.Text, StringComparison.Ordinal);
        Assert.Contains(number, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"https://wasl.example/requests/track?number={number}", mail.Text, StringComparison.Ordinal);
        Assert.Contains("dir=\"rtl\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("lang=\"ar\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<bdi>{number}</bdi>", mail.Html, StringComparison.Ordinal);
        Assert.Equal(["multipart/alternative", "text/plain", "text/html"], mail.Parts);
        Assert.Equal($"<outbox-{queued.Id}@wasl.example>", mail.MessageId);
        var sent = Assert.Single(await OutboxAsync(app, "guest.parent@example.org"));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);

        // Sending again finds nothing to send: no duplicate.
        await DispatchAsync(app);
        await Task.Delay(500);
        Assert.Single(sink.Messages, m => m.To.Contains("guest.parent@example.org"));

        // A month later the sent message (an address and a text: personal data) is purged; the timeline keeps the facts.
        using (var scope = app.Services.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeSentAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromDays(31));
        using (var scope = app.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeSentAsync(CancellationToken.None) >= 1);
        Assert.Empty(await OutboxAsync(app, "guest.parent@example.org"));
    }

    [SkippableFact]
    public async Task A_failing_address_is_retried_with_back_off_then_dead_and_a_refused_one_is_dead_at_once()
    {
        Require();
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await AppAsync(provider, "retries", sink);
        app.Clock.Freeze(DateTimeOffset.FromUnixTimeSeconds(app.Clock.GetUtcNow().ToUnixTimeSeconds())); // whole seconds: PostgreSQL keeps microseconds
        await GuestSubmitsAsync(app, "fail-later@example.org");
        await GuestSubmitsAsync(app, "reject-now@example.org");

        await DispatchAsync(app);
        var first = Assert.Single(await OutboxAsync(app, "fail-later@example.org"));
        Assert.Equal(OutboxStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(30), first.NextAttemptAt);
        Assert.Contains("451", first.LastError, StringComparison.Ordinal);
        var refused = Assert.Single(await OutboxAsync(app, "reject-now@example.org"));
        Assert.Equal(OutboxStatus.Dead, refused.Status);

        // Not retried before its time; then again after 30 s, and after 60 s more: the third failure is the last.
        await DispatchAsync(app);
        Assert.Equal(1, Assert.Single(await OutboxAsync(app, "fail-later@example.org")).Attempts);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await DispatchAsync(app);
        var second = Assert.Single(await OutboxAsync(app, "fail-later@example.org"));
        Assert.Equal(2, second.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(60), second.NextAttemptAt);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await DispatchAsync(app);
        var dead = Assert.Single(await OutboxAsync(app, "fail-later@example.org"));
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.DoesNotContain(sink.Messages, m => m.To.Any(t => t.StartsWith("fail-", StringComparison.Ordinal) || t.StartsWith("reject-", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task The_receipt_sms_goes_through_the_http_gateway_and_a_gateway_error_is_retried_while_a_refusal_is_final()
    {
        Require();
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await SmsGateway.StartAsync();
        await using var app = await AppAsync(provider, "sms", sink, new()
        {
            ["Notifications:Sms:Url"] = gateway.Url,
            ["Notifications:Sms:ApiKey"] = "gateway-secret",
            ["Notifications:Sms:Sender"] = "MOE",
        });
        var number = await GuestSubmitsAsync(app, "sms.parent@example.org");
        var queued = Assert.Single(await OutboxAsync(app, "+966551112233"));
        Assert.Equal(NotificationChannel.Sms, queued.Channel);

        gateway.Status = 503;
        await DispatchAsync(app);
        var retried = Assert.Single(await OutboxAsync(app, "+966551112233"));
        Assert.Equal(OutboxStatus.Pending, retried.Status);
        Assert.Contains("503", retried.LastError, StringComparison.Ordinal);

        gateway.Status = 200;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync(app);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync(app, "+966551112233")).Status);
        var toRequester = gateway.Received.Where(x => x.Body.GetProperty("to").GetString() == "+966551112233").ToList();
        Assert.Equal(2, toRequester.Count); // the refused attempt, then the accepted one
        var (key, body) = toRequester[^1];
        Assert.Equal("gateway-secret", key);
        Assert.Equal("+966551112233", body.GetProperty("to").GetString());
        Assert.Equal("MOE", body.GetProperty("sender").GetString());
        Assert.Equal($"outbox-{queued.Id}", body.GetProperty("reference").GetString());
        var text = body.GetProperty("text").GetString()!;
        Assert.Contains("استلمنا طلبك رقم", text, StringComparison.Ordinal);
        Assert.Contains(number, text, StringComparison.Ordinal);

        // A gateway that refuses the message (4xx) will refuse it again: dead at once, for an administrator to see.
        gateway.Status = 400;
        await GuestSubmitsAsync(app, "second.parent@example.org");
        await DispatchAsync(app);
        Assert.Contains(await OutboxAsync(app, "+966551112233"), m => m.Status == OutboxStatus.Dead && m.Attempts == 1);
    }
}

/// <summary>A real HTTP SMS gateway on loopback: records what it receives and answers with the status the test sets.</summary>
internal sealed class SmsGateway : IAsyncDisposable
{
    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;

    private SmsGateway(Microsoft.AspNetCore.Builder.WebApplication app) => _app = app;

    public System.Collections.Concurrent.ConcurrentQueue<(string? Key, System.Text.Json.JsonElement Body)> Received { get; } = new();

    public int Status { get; set; } = 200;

    public string Url => _app.Urls.First() + "/send";

    public static async Task<SmsGateway> StartAsync()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new SmsGateway(app);
        app.MapPost("/send", async (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body);
            gateway.Received.Enqueue((http.Request.Headers["X-Api-Key"].ToString(), body.RootElement.Clone()));
            return Microsoft.AspNetCore.Http.Results.StatusCode(gateway.Status);
        });
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class NotificationDeliveryTestsOnSqlite() : NotificationDeliveryTests(DatabaseProvider.Sqlite);

public sealed class NotificationDeliveryTestsOnPostgres() : NotificationDeliveryTests(DatabaseProvider.PostgreSQL);
