using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// Two application nodes over one PostgreSQL database, each with its own dispatcher and sweeper running at the same
/// time in small batches (issue 4 acceptance): every message is sent exactly once and every request escalated once.
/// </summary>
public sealed class MultiNodeTests
{
    private static readonly DateTimeOffset Sunday = new(2027, 11, 21, 8, 0, 0, TimeSpan.FromHours(3));

    private static WaslAppFactory Node(string connection, SmtpSink sink)
    {
        var app = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:From"] = "no-reply@wasl.example",
            ["Notifications:Dispatcher:Batch"] = "3",
            ["Deadlines:SweepBatch"] = "4",
        });
        _ = app.Server;
        return app;
    }

    private static async Task<List<string>> FileAsync(WaslAppFactory app, int count)
    {
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var school = await db.Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
            var submitted = await scope.ServiceProvider.GetRequiredService<RequestIntake>().SubmitAsync(new SubmitRequest(
                RequestType.Complaint, null, school, $"شكوى رقم {i}", "تفاصيل الشكوى.", null, "ولي أمر", null, "+966551112233",
                $"parent{i}@example.org", RequesterRole.Parent, IntakeChannel.Portal), CancellationToken.None);
            numbers.Add(submitted.Number);
        }
        return numbers;
    }

    private static async Task DrainAsync(WaslAppFactory app)
    {
        for (var idle = 0; idle < 3;)
        {
            using var scope = app.Services.CreateScope();
            idle = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None) == 0 ? idle + 1 : 0;
        }
    }

    [SkippableFact]
    public async Task Two_dispatchers_over_one_database_send_every_message_exactly_once()
    {
        TestDatabases.RequirePostgres();
        await using var sink = await SmtpSink.StartAsync();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "two-dispatchers");
        await using var first = Node(connection, sink);
        await using var second = Node(connection, sink);
        await FileAsync(first, 15);
        int queued;
        using (var scope = first.Services.CreateScope())
            queued = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().CountAsync(m => m.Channel == NotificationChannel.Email);
        Assert.True(queued >= 15, $"{queued} e-mails queued");

        await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        await sink.WaitForAsync(_ => sink.Messages.Count >= queued, TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        Assert.Equal(queued, sink.Messages.Count);
        Assert.Equal(queued, sink.Messages.Select(m => m.MessageId).Distinct().Count());
        using (var scope = second.Services.CreateScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().AsNoTracking().Where(m => m.Channel == NotificationChannel.Email).ToListAsync();
            Assert.All(rows, m => { Assert.Equal(OutboxStatus.Sent, m.Status); Assert.Equal(1, m.Attempts); });
        }
    }

    [SkippableFact]
    public async Task Two_sweepers_over_one_database_escalate_every_overdue_request_exactly_once()
    {
        TestDatabases.RequirePostgres();
        await using var sink = await SmtpSink.StartAsync();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "two-sweepers");
        await using var first = Node(connection, sink);
        await using var second = Node(connection, sink);
        first.Clock.Freeze(Sunday);
        second.Clock.Freeze(Sunday);
        var numbers = await FileAsync(first, 24);
        // A week and a day later every one of them is past its 35 working hours.
        first.Clock.Freeze(Sunday.AddDays(8).AddHours(2));
        second.Clock.Freeze(Sunday.AddDays(8).AddHours(2));

        Task Sweep(WaslAppFactory app) => Task.Run(async () =>
        {
            var options = app.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
            for (var i = 0; i < 3; i++) await DeadlineSweeper.TickAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), options, CancellationToken.None);
        });
        await Task.WhenAll(Sweep(first), Sweep(second), Sweep(first), Sweep(second));

        using var scope = first.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var directorate = await db.Units.Where(u => u.Code == "RIY").Select(u => u.Id).SingleAsync();
        var requests = await db.Set<Request>().AsNoTracking().Where(r => numbers.Contains(r.Number)).ToListAsync();
        Assert.Equal(24, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(1, r.EscalationCount);
            Assert.Equal(directorate, r.UnitId);
        });
        var ids = requests.Select(r => r.Id).ToList();
        var escalations = await db.Set<RequestEvent>().Where(e => ids.Contains(e.RequestId) && e.Kind == EventKind.Escalated).GroupBy(e => e.RequestId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(24, escalations.Count);
        Assert.All(escalations, c => Assert.Equal(1, c));
    }
}
