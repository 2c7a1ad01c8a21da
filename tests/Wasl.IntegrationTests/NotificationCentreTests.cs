using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Tests;

/// <summary>
/// The notification centre (one's own notices, read marks, the header badge, channel preferences) and the outbox's
/// dead letters for national administrators. Notices are written straight to the database, as the notifier does.
/// </summary>
public abstract class NotificationCentreTests(AppFixture fixture)
{
    private const string Parent = "1000000008";

    private async Task<T> WithDbAsync<T>(Func<WaslDbContext, Task<T>> work)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    /// <summary>The account's id, its notices removed: each test starts from an empty centre.</summary>
    private Task<Guid> ResetAsync(string userName) => WithDbAsync(async db =>
    {
        var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        await db.Set<UserNotification>().Where(n => n.UserId == id).ExecuteDeleteAsync();
        return id;
    });

    /// <summary>Adds notices oldest first (ids ascending); returns their ids.</summary>
    private Task<long[]> AddAsync(Guid userId, int count, string title = "إشعار", bool read = false, string? link = "/requests/track?number=RQ-1", string body = "نص الإشعار") =>
        WithDbAsync(async db =>
        {
            var now = fixture.App.Clock.GetUtcNow();
            var notices = Enumerable.Range(1, count).Select(i => new UserNotification
            {
                UserId = userId,
                EventKey = "test:" + Guid.NewGuid().ToString("N"),
                Template = "Reply",
                Title = count == 1 ? title : $"{title} {i:00}",
                Body = body,
                Link = link,
                CreatedAt = now.AddMinutes(i - count),
                ReadAt = read ? now : null,
            }).ToList();
            db.AddRange(notices);
            await db.SaveChangesAsync();
            return notices.Select(n => n.Id).ToArray();
        });

    private Task<DateTimeOffset?> ReadAtAsync(long id) =>
        WithDbAsync(db => db.Set<UserNotification>().Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync());

    private async Task<WebSession> SignedInAsync(string login, bool staff = true)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(login, DemoData.Password, staff)).StatusCode);
        return s;
    }

    private static IHtmlElement Notice(IHtmlDocument doc, long id) =>
        (IHtmlElement)(doc.QuerySelector($"#notices li[data-id='{id}']") ?? throw new InvalidOperationException($"Notice {id} is not listed"));

    [SkippableFact]
    public async Task The_centre_lists_only_ones_own_notices_newest_first_paged_by_key()
    {
        fixture.Require();
        var me = await ResetAsync("coordinator");
        var other = await ResetAsync("coordinator2");
        var mine = await AddAsync(me, 32, "إشعار المنسق", body: "السطر الأول\nالسطر الثاني");
        await AddAsync(other, 1, "إشعار خاص بمنسق مكة");
        var s = await SignedInAsync("coordinator");

        var (response, page) = await s.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = page.QuerySelectorAll("#notices > li").ToList();
        Assert.Equal(30, items.Count);
        Assert.Equal(Enumerable.Reverse(mine).Take(30).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), items.Select(i => i.GetAttribute("data-id")));
        Assert.DoesNotContain("منسق مكة", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // Unread ones say so in words (not only by colour), and bodies keep their line breaks, in their own direction.
        var newest = Notice(page, mine[^1]);
        Assert.Contains("unread", newest.ClassList);
        Assert.NotNull(newest.QuerySelector("h2 .unread-badge"));
        var body = newest.QuerySelector(".notice-body")!;
        Assert.Equal("auto", body.GetAttribute("dir"));
        Assert.Contains("prose", body.ClassList);
        Assert.Equal("السطر الأول\nالسطر الثاني", body.TextContent);
        Assert.NotNull(newest.QuerySelector("time[datetime] bdi[dir=ltr]"));

        var older = page.QuerySelector("#older-notices")!.GetAttribute("href")!;
        Assert.Equal($"?before={mine[2]}", older);
        var (_, second) = await s.GetAsync("/notifications" + older);
        Assert.Equal([mine[1], mine[0]], second.QuerySelectorAll("#notices > li").Select(i => long.Parse(i.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(second.QuerySelector("#older-notices"));
        Assert.DoesNotContain("منسق مكة", second.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_header_badge_counts_unread_notices_and_shows_99_plus_from_100()
    {
        fixture.Require();
        var parent = await ResetAsync(Parent);
        var s = await SignedInAsync(Parent, staff: false);
        string? Badge(IHtmlDocument d) => d.QuerySelector("#notifications-link #unread-count")?.TextContent.Trim();

        var (_, none) = await s.GetAsync("/account");
        Assert.NotNull(none.QuerySelector("header a#notifications-link[href='/notifications']"));
        Assert.Null(Badge(none));

        await AddAsync(parent, 3);
        await AddAsync(parent, 2, read: true);
        var (_, three) = await s.GetAsync("/account");
        Assert.Equal("3", Badge(three));
        Assert.Contains("3", three.QuerySelector("#notifications-link .visually-hidden")!.TextContent, StringComparison.Ordinal);

        await AddAsync(parent, 96);
        Assert.Equal("99", Badge((await s.GetAsync("/account")).Document));
        await AddAsync(parent, 1);
        Assert.Equal("99+", Badge((await s.GetAsync("/account")).Document));
        await AddAsync(parent, 50);
        Assert.Equal("99+", Badge((await s.GetAsync("/notifications/preferences")).Document));

        var done = await s.SubmitAsync("/notifications", new Dictionary<string, string>(), "#mark-all-read");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Null(Badge((await s.GetAsync("/account")).Document));
        Assert.Equal(0, await WithDbAsync(db => db.Set<UserNotification>().CountAsync(n => n.UserId == parent && n.ReadAt == null)));
    }

    [SkippableFact]
    public async Task One_notice_or_all_of_them_are_marked_read()
    {
        fixture.Require();
        var me = await ResetAsync("coordinator");
        var ids = await AddAsync(me, 3);
        var s = await SignedInAsync("coordinator");

        var (_, page) = await s.GetAsync("/notifications");
        var one = await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), $"#notices li[data-id='{ids[1]}'] form.mark-read");
        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.NotNull(await ReadAtAsync(ids[1]));
        Assert.Null(await ReadAtAsync(ids[0]));
        Assert.Null(await ReadAtAsync(ids[2]));
        var (_, after) = await s.GetAsync("/notifications");
        Assert.DoesNotContain("unread", Notice(after, ids[1]).ClassList);
        Assert.Null(Notice(after, ids[1]).QuerySelector("form.mark-read"));
        Assert.Equal("2", after.QuerySelector("#unread-count")!.TextContent.Trim());

        var all = await s.SubmitAsync(after, "/notifications", new Dictionary<string, string>(), "#mark-all-read");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        foreach (var id in ids) Assert.NotNull(await ReadAtAsync(id));
        var (_, read) = await s.FollowAsync(all);
        Assert.Empty(read.QuerySelectorAll("#notices li.unread"));
        Assert.Null(read.QuerySelector("#mark-all-read"));
        Assert.NotNull(read.QuerySelector("main [role=status]"));
    }

    [SkippableFact]
    public async Task A_forged_id_of_another_persons_notice_is_refused_and_changes_nothing()
    {
        fixture.Require();
        var me = await ResetAsync("coordinator");
        var other = await ResetAsync("coordinator2");
        await AddAsync(me, 1);
        var foreign = (await AddAsync(other, 1, "سر يخص منسق مكة", link: "/staff/requests/RQ-SECRET"))[0];
        var s = await SignedInAsync("coordinator");
        var (_, page) = await s.GetAsync("/notifications");

        foreach (var handler in new[] { "MarkRead", "Open" })
        {
            var forged = await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), "#notices form.mark-read",
                action: $"/notifications?handler={handler}&id={foreign}");
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
            Assert.Null(forged.Headers.Location);
            var text = await forged.Content.ReadAsStringAsync();
            Assert.DoesNotContain("منسق مكة", text, StringComparison.Ordinal);
            Assert.DoesNotContain("RQ-SECRET", text, StringComparison.Ordinal);
        }
        // An id that exists nowhere is answered the same way.
        var missing = await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), "#notices form.mark-read", action: "/notifications?handler=MarkRead&id=999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), "#mark-all-read")).StatusCode);
        Assert.Null(await ReadAtAsync(foreign));
        var (_, paged) = await s.GetAsync($"/notifications?before={foreign + 1}");
        Assert.DoesNotContain("منسق مكة", paged.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Anonymous_visitors_are_asked_to_sign_in_and_see_no_badge()
    {
        fixture.Require();
        var s = WebSession.Start(fixture.App);
        foreach (var url in new[] { "/notifications", "/notifications/preferences" })
        {
            var (response, _) = await s.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/sign-in?returnUrl=" + Uri.EscapeDataString(url), response.Headers.Location!.OriginalString);
        }
        var post = await s.Client.PostAsync("/notifications?handler=MarkAllRead", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/account/sign-in", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (_, home) = await s.GetAsync("/");
        Assert.Null(home.QuerySelector("#notifications-link"));
    }

    [SkippableFact]
    public async Task A_link_off_the_site_is_never_rendered_nor_followed()
    {
        fixture.Require();
        var me = await ResetAsync("coordinator");
        var bad = new List<long>();
        foreach (var link in new[] { "https://evil.example/a", "//evil.example/b", "/\\evil.example/c", "javascript:alert(1)", "/ /evil.example" })
            bad.AddRange(await AddAsync(me, 1, "رابط خارجي", link: link));
        var good = (await AddAsync(me, 1, "رابط داخلي", link: "/requests/track?number=RQ-7"))[0];
        var s = await SignedInAsync("coordinator");

        var (_, page) = await s.GetAsync("/notifications");
        var main = page.QuerySelector("main")!;
        Assert.DoesNotContain(main.QuerySelectorAll("[href], [action]"), e =>
            (e.GetAttribute("href") ?? e.GetAttribute("action"))!.Contains("evil", StringComparison.OrdinalIgnoreCase)
            || (e.GetAttribute("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("evil.example", main.InnerHtml, StringComparison.Ordinal);
        foreach (var id in bad) Assert.Null(Notice(page, id).QuerySelector(".open-notice"));
        Assert.NotNull(Notice(page, good).QuerySelector("form.open-notice"));

        // Posting "open" for such a notice marks it read and stays here.
        var opened = await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), "#notices form.mark-read", action: $"/notifications?handler=Open&id={bad[0]}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/notifications", opened.Headers.Location!.OriginalString);
        Assert.NotNull(await ReadAtAsync(bad[0]));

        var openGood = await s.SubmitAsync(page, "/notifications", new Dictionary<string, string>(), $"#notices li[data-id='{good}'] form.open-notice");
        Assert.Equal(HttpStatusCode.Redirect, openGood.StatusCode);
        Assert.Equal("/requests/track?number=RQ-7", openGood.Headers.Location!.OriginalString);
        Assert.NotNull(await ReadAtAsync(good));
        // Once read, the notice keeps a plain link to the same place.
        var (_, after) = await s.GetAsync("/notifications");
        Assert.Equal("/requests/track?number=RQ-7", Notice(after, good).QuerySelector("a.open-notice")!.GetAttribute("href"));
    }

    [SkippableFact]
    public async Task Email_and_sms_choices_for_non_critical_notices_are_saved()
    {
        fixture.Require();
        var parent = await ResetAsync(Parent);
        var s = await SignedInAsync(Parent, staff: false);
        async Task<(bool Email, bool Sms)> StoredAsync()
        {
            var stored = await WithDbAsync(db => db.Users.Where(u => u.Id == parent).Select(u => new { u.EmailNotices, u.SmsNotices }).SingleAsync());
            return (stored.EmailNotices, stored.SmsNotices);
        }

        var (_, page) = await s.GetAsync("/notifications/preferences");
        Assert.NotNull(page.QuerySelector("#critical-note"));
        Assert.NotNull(page.QuerySelector("label[for=Email]"));
        Assert.NotNull(page.QuerySelector("label[for=Sms]"));
        Assert.True(((IHtmlInputElement)page.QuerySelector("input#Email")!).IsChecked);
        Assert.Contains("parent@wasl.example", page.QuerySelector("#email-hint")!.TextContent, StringComparison.Ordinal);

        var saved = await s.SubmitAsync(page, "/notifications/preferences", new Dictionary<string, string> { ["Email"] = "false" }, "#notice-preferences-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal((false, true), await StoredAsync());
        var (_, again) = await s.FollowAsync(saved);
        Assert.False(((IHtmlInputElement)again.QuerySelector("input#Email")!).IsChecked);
        Assert.True(((IHtmlInputElement)again.QuerySelector("input#Sms")!).IsChecked);
        Assert.NotNull(again.QuerySelector("main [role=status]"));

        await s.SubmitAsync(again, "/notifications/preferences", new Dictionary<string, string> { ["Email"] = "true", ["Sms"] = "false" }, "#notice-preferences-form");
        Assert.Equal((true, false), await StoredAsync());
        await s.SubmitAsync("/notifications/preferences", new Dictionary<string, string> { ["Sms"] = "true" }, "#notice-preferences-form");
        Assert.Equal((true, true), await StoredAsync());
    }

    private Task<(long Email, long Sms)> DeadLettersAsync() => WithDbAsync(async db =>
    {
        await db.Set<OutboxMessage>().ExecuteDeleteAsync();
        var now = fixture.App.Clock.GetUtcNow();
        OutboxMessage Message(NotificationChannel channel, string to, OutboxStatus status, string? error, TimeSpan age) => new()
        {
            EventKey = "test:" + Guid.NewGuid().ToString("N"),
            Channel = channel,
            Recipient = to,
            Template = "Receipt",
            Subject = "استلمنا طلبك",
            Body = "نص",
            Status = status,
            Attempts = status == OutboxStatus.Dead ? 8 : 1,
            NextAttemptAt = now.AddMinutes(5),
            LeaseUntil = status == OutboxStatus.Dead ? now.AddMinutes(-1) : null,
            LastError = error,
            CreatedAt = now - age,
        };
        var email = Message(NotificationChannel.Email, "someone@example.org", OutboxStatus.Dead, "SmtpException: 550 mailbox someone@example.org unavailable", TimeSpan.FromDays(1));
        var sms = Message(NotificationChannel.Sms, "+966551234567", OutboxStatus.Dead, "DeliveryException: 400 number 966551234567 refused", TimeSpan.FromHours(20));
        db.AddRange(email, sms,
            Message(NotificationChannel.Email, "waiting@example.org", OutboxStatus.Pending, null, TimeSpan.FromMinutes(185)),
            Message(NotificationChannel.Sms, "+966550000001", OutboxStatus.Pending, null, TimeSpan.FromMinutes(10)),
            Message(NotificationChannel.Email, "sent@example.org", OutboxStatus.Sent, null, TimeSpan.FromDays(3)));
        await db.SaveChangesAsync();
        return (email.Id, sms.Id);
    });

    [SkippableFact]
    public async Task Administrators_see_dead_letters_masked_and_send_them_again()
    {
        fixture.Require();
        var (email, sms) = await DeadLettersAsync();
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");

        var (response, page) = await admin.GetAsync("/staff/admin/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector(".admin-nav a[href='/staff/admin/outbox']"));
        Assert.Equal("2", page.QuerySelector("#pending-count")!.TextContent.Trim());
        Assert.Contains("3", page.QuerySelector("#oldest-pending")!.TextContent, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("#dead-letters thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var rows = page.QuerySelectorAll("#dead-letters tbody tr").ToList();
        Assert.Equal([sms.ToString(System.Globalization.CultureInfo.InvariantCulture), email.ToString(System.Globalization.CultureInfo.InvariantCulture)], rows.Select(r => r.GetAttribute("data-id")));
        var emailRow = page.QuerySelector($"#dead-letters tr[data-id='{email}']")!;
        var smsRow = page.QuerySelector($"#dead-letters tr[data-id='{sms}']")!;
        Assert.Equal("s***@example.org", emailRow.QuerySelector(".recipient")!.TextContent.Trim());
        Assert.Equal("***4567", smsRow.QuerySelector(".recipient")!.TextContent.Trim());
        Assert.Contains("Receipt", emailRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("550 mailbox", emailRow.TextContent, StringComparison.Ordinal);
        var html = page.QuerySelector("main")!.InnerHtml;
        foreach (var secret in new[] { "someone@", "551234567", "waiting@", "sent@" })
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);

        var again = await admin.SubmitAsync(page, "/staff/admin/outbox", new Dictionary<string, string>(), $"#dead-letters tr[data-id='{email}'] form.send-again");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var row = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == email));
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.LeaseUntil);
        Assert.True((fixture.App.Clock.GetUtcNow() - row.NextAttemptAt).Duration() < TimeSpan.FromMinutes(1));
        Assert.Equal(OutboxStatus.Dead, await WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.Id == sms).Select(m => m.Status).SingleAsync()));

        var (_, after) = await admin.FollowAsync(again);
        Assert.NotNull(after.QuerySelector("main [role=status]"));
        Assert.Null(after.QuerySelector($"#dead-letters tr[data-id='{email}']"));
        Assert.Equal("3", after.QuerySelector("#pending-count")!.TextContent.Trim());
        // Sending again what is no longer dead changes nothing.
        var twice = await admin.SubmitAsync(page, "/staff/admin/outbox", new Dictionary<string, string>(), $"#dead-letters tr[data-id='{email}'] form.send-again");
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Equal(0, await WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.Id == email).Select(m => m.Attempts).SingleAsync()));
    }

    [SkippableFact]
    public async Task The_outbox_does_not_exist_for_other_staff()
    {
        fixture.Require();
        var (email, _) = await DeadLettersAsync();
        foreach (var user in new[] { "coordinator", "supervisor" })
        {
            var s = await SignedInAsync(user);
            var (response, page) = await s.GetAsync("/staff/admin/outbox");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("example.org", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            // A token from a form of their own does not make "send again" work either.
            var (_, own) = await s.GetAsync("/notifications/preferences");
            var forged = await s.SubmitAsync(own, "/notifications/preferences", new Dictionary<string, string>(), "#notice-preferences-form",
                action: $"/staff/admin/outbox?handler=SendAgain&id={email}");
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
            Assert.Equal(OutboxStatus.Dead, await WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.Id == email).Select(m => m.Status).SingleAsync()));
        }
        var beneficiary = await SignedInAsync(Parent, staff: false);
        Assert.NotEqual(HttpStatusCode.OK, (await beneficiary.GetAsync("/staff/admin/outbox")).Response.StatusCode);
    }
}

public sealed class NotificationCentreTestsOnSqlite(SqliteAppFixture f) : NotificationCentreTests(f), IClassFixture<SqliteAppFixture>;

public sealed class NotificationCentreTestsOnPostgres(PostgresAppFixture f) : NotificationCentreTests(f), IClassFixture<PostgresAppFixture>;
