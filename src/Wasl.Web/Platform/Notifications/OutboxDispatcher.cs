using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Operations;

namespace Wasl.Web.Platform.Notifications;

/// <summary>A channel that delivers outbox messages (e-mail, SMS).</summary>
internal interface INotificationSender
{
    NotificationChannel Channel { get; }

    /// <summary>Delivers or throws; <see cref="DeliveryException"/> says whether trying again can help.</summary>
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>A delivery failed; a permanent one (address refused, message rejected) goes straight to the dead letters.</summary>
internal sealed class DeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// Sends what the outbox holds. Several nodes may run it at once: a batch is claimed with one conditional update
/// that stamps a lease unique to this claim, so a message is held by one dispatcher at a time; a dispatcher that
/// dies leaves a lease that lapses and the message goes out from another node. Failures are retried with
/// exponential back-off; after the last attempt (or a permanent refusal) the message is dead and administrators see it.
/// </summary>
internal sealed class OutboxDispatcher(WaslDbContext db, IEnumerable<INotificationSender> senders, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    private readonly Dictionary<NotificationChannel, INotificationSender> _senders = senders.ToDictionary(s => s.Channel);

    /// <summary>Claims and sends one batch; returns how many messages it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var o = options.Value.Dispatcher;
        var now = clock.GetUtcNow();
        var ids = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id).Take(o.Batch).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        // The lease instant doubles as this claim's token: whole microseconds (PostgreSQL keeps no finer) plus a random part.
        var lease = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero)
            .AddSeconds(o.LeaseSeconds).AddTicks(Random.Shared.Next(1, 1_000_000) * 10L);
        await db.Set<OutboxMessage>()
            .Where(m => ids.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, lease).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        var claimed = await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id) && m.LeaseUntil == lease).OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var message in claimed)
        {
            await SendOneAsync(message, o, ct);
        }
        return claimed.Count;
    }

    /// <summary>
    /// Deletes sent messages older than <see cref="DispatcherOptions.KeepSentDays"/>, a bounded batch at a time (the
    /// timeline keeps what happened; the outbox only needs what is still to send). Returns how many went.
    /// </summary>
    public async Task<int> PurgeSentAsync(CancellationToken ct)
    {
        var o = options.Value.Dispatcher;
        var cutoff = clock.GetUtcNow().AddDays(-o.KeepSentDays);
        return await db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Sent && m.SentAt < cutoff)
            .OrderBy(m => m.Id).Take(1000)
            .ExecuteDeleteAsync(ct);
    }

    private async Task SendOneAsync(OutboxMessage message, DispatcherOptions o, CancellationToken ct)
    {
        try
        {
            if (!_senders.TryGetValue(message.Channel, out var sender)) throw new DeliveryException($"No sender for {message.Channel}", permanent: false);
            await sender.SendAsync(message, ct);
            var sentAt = clock.GetUtcNow();
            await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            await ForgetSecretAsync(message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var permanent = e is DeliveryException { Permanent: true };
            var dead = permanent || message.Attempts >= o.MaxAttempts;
            var seconds = Math.Min(o.MaxBackoffSeconds, o.FirstBackoffSeconds * Math.Pow(2, Math.Max(0, message.Attempts - 1)));
            var next = clock.GetUtcNow().AddSeconds(seconds);
            var error = e.GetType().Name + ": " + e.Message;
            if (error.Length > 1000) error = error[..1000];
            log.LogWarning("Outbox message {Id} ({Channel}) failed on attempt {Attempt}{Dead}: {Error}", message.Id, message.Channel, message.Attempts, dead ? ", now dead" : "", error);
            await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, dead ? OutboxStatus.Dead : OutboxStatus.Pending).SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, error), CancellationToken.None);
            if (dead) await ForgetSecretAsync(message);
        }
    }

    /// <summary>A delivered (or abandoned) one-time code is not kept: its text is blanked, the row stays for the record.</summary>
    private Task ForgetSecretAsync(OutboxMessage message) =>
        !message.EventKey.StartsWith(Notice.SecretPrefix, StringComparison.Ordinal) ? Task.CompletedTask
            : db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, "").SetProperty(m => m.Html, (string?)null), CancellationToken.None);
}

/// <summary>Runs the dispatcher on every node: drains what is due, then waits a poll interval (from <see cref="TimeProvider"/>).</summary>
internal sealed class OutboxPump(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<OutboxPump> log)
    : PollingWorker(clock, log)
{
    protected override bool Enabled => options.Value.Dispatcher.Enabled;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.Dispatcher.PollSeconds);

    protected override async Task TickAsync(CancellationToken ct)
    {
        int claimed;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            claimed = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(ct);
        }
        while (claimed >= options.Value.Dispatcher.Batch && !ct.IsCancellationRequested);
        await using var cleanup = scopes.CreateAsyncScope();
        await cleanup.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeSentAsync(ct);
    }
}
