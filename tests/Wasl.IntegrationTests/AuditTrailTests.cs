using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>
/// The audit trail (issue 12, point 2): each kind of event recorded exactly once, with who, what, subject and from
/// where; the page and its export for national administrators only; the export itself audited.
/// </summary>
public abstract class AuditTrailTests(AppFixture fixture)
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> read)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> CountAsync(Expression<Func<AuditEntry, bool>> where) => DbAsync(db => db.Set<AuditEntry>().CountAsync(where));

    private Task<Guid> UserIdAsync(string userName) => DbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    /// <summary>A session that plays one client address (the sign-in throttle counts per address; the trail records it).</summary>
    private WebSession From(string address)
    {
        var s = WebSession.Start(fixture.App);
        s.Client.DefaultRequestHeaders.Add(TestRemoteAddressFilter.Header, address);
        return s;
    }

    private async Task<WebSession> StaffAsync(string user, string address = "10.20.0.1")
    {
        var s = From(address);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password)).StatusCode);
        return s;
    }

    [SkippableFact]
    public async Task Staff_and_beneficiary_sign_ins_and_failed_sign_ins_are_recorded_once_with_who_and_from_where()
    {
        fixture.Require();
        var coordinator = await UserIdAsync("coordinator");
        var failed = await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == coordinator);
        var succeeded = await CountAsync(a => a.Action == AuditActions.SignIn && a.ActorId == coordinator);

        Assert.Equal(HttpStatusCode.OK, (await From("10.20.1.1").SignInAsync("coordinator", "not-the-password")).StatusCode);
        Assert.Equal(failed + 1, await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == coordinator));
        var entry = await DbAsync(db => db.Set<AuditEntry>().Where(a => a.Action == AuditActions.SignInFailed && a.ActorId == coordinator).OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal(("10.20.1.1", "منسق إدارة تعليم الرياض", "Account", coordinator.ToString()), (entry.RemoteAddress, entry.ActorName, entry.Subject, entry.SubjectId));
        // Never the password, nor the login typed.
        Assert.DoesNotContain("not-the-password", entry.Details ?? "", StringComparison.Ordinal);

        await StaffAsync("coordinator", "10.20.1.2");
        Assert.Equal(succeeded + 1, await CountAsync(a => a.Action == AuditActions.SignIn && a.ActorId == coordinator));

        // An unknown login: recorded once, with nobody named.
        var anonymous = await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == null && a.RemoteAddress == "10.20.1.3");
        await From("10.20.1.3").SignInAsync("nobody-at-all", "whatever-it-is");
        Assert.Equal(anonymous + 1, await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == null && a.RemoteAddress == "10.20.1.3"));

        // A beneficiary, at their own entry point.
        var parent = await UserIdAsync("1000000008");
        var parentFailed = await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == parent);
        var parentIn = await CountAsync(a => a.Action == AuditActions.SignIn && a.ActorId == parent);
        await From("10.20.1.4").SignInAsync("1000000008", "wrong-password-1", staff: false);
        Assert.Equal(HttpStatusCode.Redirect, (await From("10.20.1.5").SignInAsync("1000000008", DemoData.Password, staff: false)).StatusCode);
        Assert.Equal(parentFailed + 1, await CountAsync(a => a.Action == AuditActions.SignInFailed && a.ActorId == parent));
        Assert.Equal(parentIn + 1, await CountAsync(a => a.Action == AuditActions.SignIn && a.ActorId == parent));
    }

    [SkippableFact]
    public async Task A_lockout_a_two_factor_failure_and_lifting_the_lockout_are_recorded_once()
    {
        fixture.Require();
        var principal = await UserIdAsync("principal");
        await DbAsync(db => db.Users.Where(u => u.Id == principal).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, 99)));
        var locked = await CountAsync(a => a.Action == AuditActions.SignInLockedOut && a.ActorId == principal);
        await From("10.20.2.1").SignInAsync("principal", "wrong-password-2");
        Assert.Equal(locked + 1, await CountAsync(a => a.Action == AuditActions.SignInLockedOut && a.ActorId == principal));

        // An administrator lifts it (through UserManager, as the staff page does): one administration entry.
        var unlocked = await CountAsync(a => a.Action == "admin.Account.unlocked" && a.SubjectId == principal.ToString());
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            var user = (await users.FindByIdAsync(principal.ToString()))!;
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        Assert.Equal(unlocked + 1, await CountAsync(a => a.Action == "admin.Account.unlocked" && a.SubjectId == principal.ToString()));

        // Two-factor: the password step, then a wrong code.
        await StaffSignIn.WithTwoFactorAsync(fixture, "admin");
        var admin = await UserIdAsync("admin");
        var accepted = await CountAsync(a => a.Action == AuditActions.SignInPasswordAccepted && a.ActorId == admin);
        var wrong = await CountAsync(a => a.Action == AuditActions.TwoFactorFailed && a.ActorId == admin);
        var s = From("10.20.2.2");
        Assert.StartsWith("/staff/sign-in/two-factor", (await s.SignInAsync("admin", DemoData.Password)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await s.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = "000000" })).StatusCode);
        Assert.Equal(accepted + 1, await CountAsync(a => a.Action == AuditActions.SignInPasswordAccepted && a.ActorId == admin));
        Assert.Equal(wrong + 1, await CountAsync(a => a.Action == AuditActions.TwoFactorFailed && a.ActorId == admin));
    }

    [SkippableFact]
    public async Task Every_request_timeline_event_is_recorded_exactly_once_with_its_actor_and_position()
    {
        fixture.Require();
        var guest = From("10.20.3.1");
        var sent = await guest.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = Id(await UnitIdAsync("RIY-S1")),
            ["Input.Subject"] = "شكوى للتدقيق",
            ["Input.Description"] = "تفاصيل الشكوى كما رواها ولي الأمر.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        });
        var (_, receipt) = await guest.FollowAsync(sent);
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        var secret = receipt.QuerySelector("#request-secret")!.TextContent;
        var riyadh = await StaffAsync("coordinator");
        async Task Act(WebSession s, string handler, Dictionary<string, string> fields)
        {
            var page = (await s.GetAsync($"/staff/requests/{number}")).Document;
            var selector = handler is "Take" or "Importance" or "Close" ? $"form[action*='handler={handler}']" : "#text-actions";
            Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync(page, $"/staff/requests/{number}", fields, formSelector: selector, action: $"/staff/requests/{number}?handler={handler}")).StatusCode);
        }
        await Act(riyadh, "Take", []);
        await Act(riyadh, "Importance", new() { ["Action.Importance"] = "VeryImportant" });
        await Act(riyadh, "Note", new() { ["Action.Text"] = "ملاحظة داخلية" });
        await Act(riyadh, "Ask", new() { ["Action.Text"] = "ما اسم المعلم؟" });
        var (_, view) = await guest.FollowAsync(await guest.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.Equal(HttpStatusCode.Redirect, (await guest.SubmitAsync(view, "/requests/track", new Dictionary<string, string> { ["Text"] = "الأستاذ خالد" }, formSelector: "#info-form")).StatusCode);
        await Act(riyadh, "Reply", new() { ["Action.Text"] = "نتابع الأمر." });
        await Act(riyadh, "Resolve", new() { ["Action.Text"] = "تم التنبيه على المعلم." });
        var (_, resolved) = await guest.GetAsync("/requests/track");
        Assert.Equal(HttpStatusCode.Redirect, (await guest.SubmitAsync(resolved, "/requests/track", new Dictionary<string, string> { ["Text"] = "لم يتغير شيء" }, formSelector: "#object-form")).StatusCode);
        await Act(riyadh, "Forward", new() { ["Action.Text"] = "من اختصاص مكة", ["Action.UnitId"] = Id(await UnitIdAsync("MKK")) });
        var makkah = await StaffAsync("coordinator2");
        await Act(makkah, "Resolve", new() { ["Action.Text"] = "تم الحل." });
        var (_, again) = await guest.GetAsync("/requests/track");
        Assert.Equal(HttpStatusCode.Redirect, (await guest.SubmitAsync(again, "/requests/track", new Dictionary<string, string> { ["Score"] = "4" }, formSelector: "#rate-form")).StatusCode);

        var requestId = await DbAsync(db => db.Set<Request>().Where(r => r.Number == number).Select(r => r.Id).SingleAsync());
        var events = await DbAsync(db => db.Set<RequestEvent>().Where(e => e.RequestId == requestId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        var audited = await DbAsync(db => db.Set<AuditEntry>().Where(a => a.Subject == "Request" && a.SubjectId == Id(requestId)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(events.Select(k => "Request." + k).Order(StringComparer.Ordinal), audited.Order(StringComparer.Ordinal));
        Assert.Superset(new HashSet<EventKind>
        {
            EventKind.Submitted, EventKind.Routed, EventKind.Taken, EventKind.ImportanceChanged, EventKind.InternalNote, EventKind.InfoRequested,
            EventKind.InfoProvided, EventKind.PublicReply, EventKind.Resolved, EventKind.Objected, EventKind.Forwarded, EventKind.Rated,
        }, events.ToHashSet());
        var taken = await DbAsync(db => db.Set<AuditEntry>().SingleAsync(a => a.Subject == "Request" && a.SubjectId == Id(requestId) && a.Action == "Request.Taken"));
        Assert.Equal(await UserIdAsync("coordinator"), taken.ActorId);
        Assert.Equal("منسق إدارة تعليم الرياض", taken.ActorName);
        Assert.Equal("المدير العام للتعليم بمنطقة الرياض", taken.OnBehalfOf);
        Assert.Equal("10.20.0.1", taken.RemoteAddress);
        // Across the whole database: every event of every request has exactly one entry.
        var allEvents = await DbAsync(db => db.Set<RequestEvent>().GroupBy(e => new { e.RequestId, e.Kind }).Select(g => new { g.Key.RequestId, g.Key.Kind, N = g.Count() }).ToListAsync());
        var allAudited = await DbAsync(db => db.Set<AuditEntry>().Where(a => a.Subject == "Request").GroupBy(a => new { a.SubjectId, a.Action }).Select(g => new { g.Key.SubjectId, g.Key.Action, N = g.Count() }).ToListAsync());
        Assert.Equal(allEvents.Select(e => $"{e.RequestId} Request.{e.Kind} {e.N}").Order(StringComparer.Ordinal), allAudited.Select(a => $"{a.SubjectId} {a.Action} {a.N}").Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Administration_changes_are_recorded_once_with_the_new_key_and_the_names_of_changed_columns_only()
    {
        fixture.Require();
        // Through a page: an API key (its secret never reaches the trail).
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");
        var (_, page) = await admin.GetAsync("/staff/admin/api-clients");
        var created = await admin.SubmitAsync(page, "/staff/admin/api-clients", new Dictionary<string, string> { ["Name"] = "audit-test-client" }, formSelector: "#api-client-form");
        Assert.True(created.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, created.StatusCode.ToString());
        var client = await DbAsync(db => db.Set<Wasl.Web.Platform.Security.ApiClients.ApiClient>().Where(c => c.Name == "audit-test-client").Select(c => c.Id).SingleAsync());
        var entry = await DbAsync(db => db.Set<AuditEntry>().SingleAsync(a => a.Action == "admin.ApiClient.added" && a.SubjectId == Id(client)));
        Assert.Equal(await UserIdAsync("admin"), entry.ActorId);

        // Through EF anywhere: added (its generated key), changed (which columns), removed.
        int kindId;
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            var kind = new UnitKind { Code = "audit-kind", Name = "نوع للتدقيق", Level = 3 };
            db.Add(kind);
            await db.SaveChangesAsync();
            kindId = kind.Id;
            kind.Name = "اسم جديد";
            await db.SaveChangesAsync();
            db.Remove(kind);
            await db.SaveChangesAsync();
        }
        var trail = await DbAsync(db => db.Set<AuditEntry>().Where(a => a.Subject == "UnitKind" && a.SubjectId == Id(kindId)).OrderBy(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync());
        Assert.Equal(["admin.UnitKind.added", "admin.UnitKind.changed", "admin.UnitKind.removed"], trail.Select(t => t.Action));
        Assert.Equal("{\"changed\":[\"Name\"]}", trail[1].Details);
        Assert.DoesNotContain("اسم جديد", trail[1].Details!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Exports_prints_personal_data_lookups_and_confidential_reads_are_recorded_once()
    {
        fixture.Require();
        var coordinator = await UserIdAsync("coordinator");
        var s = await StaffAsync("coordinator", "10.20.4.1");
        Task<int> Before(string action) => CountAsync(a => a.Action == action && a.ActorId == coordinator);
        var exports = await Before(AuditActions.Export);
        var prints = await Before(AuditActions.Print);
        var lookups = await Before(AuditActions.PersonalDataLookup);
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/staff/reports/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/staff/reports/export.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync("/staff/reports/print")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync("/staff/requests/search?q=1000000008")).Response.StatusCode);
        // A word search reads no personal data by lookup: not recorded as one.
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync("/staff/requests/search?q=" + Uri.EscapeDataString("مدرسة"))).Response.StatusCode);
        Assert.Equal(exports + 2, await Before(AuditActions.Export));
        Assert.Equal(prints + 1, await Before(AuditActions.Print));
        Assert.Equal(lookups + 1, await Before(AuditActions.PersonalDataLookup));
        var lookup = await DbAsync(db => db.Set<AuditEntry>().Where(a => a.Action == AuditActions.PersonalDataLookup && a.ActorId == coordinator).OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal(("Person", "1000000008", "10.20.4.1"), (lookup.Subject, lookup.SubjectId, lookup.RemoteAddress));

        // The call-center lookup.
        var agent = await UserIdAsync("agent");
        var calls = await CountAsync(a => a.Action == AuditActions.PersonalDataLookup && a.ActorId == agent);
        var call = await StaffAsync("agent", "10.20.4.2");
        Assert.Equal(HttpStatusCode.OK, (await call.GetAsync("/staff/call-center?q=1000000008")).Response.StatusCode);
        Assert.Equal(calls + 1, await CountAsync(a => a.Action == AuditActions.PersonalDataLookup && a.ActorId == agent && a.SubjectId == "1000000008"));

        // A module reading an item it marks confidential (correspondence will): one entry per read.
        var reads = await CountAsync(a => a.Action == AuditActions.ConfidentialRead && a.Subject == "TestLetter");
        await fixture.App.Services.GetRequiredService<AuditLog>().ConfidentialReadAsync("TestLetter", "42", null, CancellationToken.None);
        Assert.Equal(reads + 1, await CountAsync(a => a.Action == AuditActions.ConfidentialRead && a.Subject == "TestLetter" && a.SubjectId == "42"));
    }

    [SkippableFact]
    public async Task Only_national_administrators_see_the_trail_and_export_it_and_each_export_is_recorded()
    {
        fixture.Require();
        // A cell a spreadsheet would run as a formula comes out neutralised.
        await fixture.App.Services.GetRequiredService<AuditLog>().WriteAsync(new AuditRecord("test.formula", "TestSubject", "7") { ActorName = "=HYPERLINK(\"http://evil\")" }, CancellationToken.None);
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");
        var (response, page) = await admin.GetAsync("/staff/audit?what=sign-in");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#audit-entries tbody tr");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("sign-in", r.GetAttribute("data-action")));
        Assert.NotNull((await admin.GetAsync("/staff/admin/units")).Document.QuerySelector("#audit-link"));

        // A filter that cannot be read: said on the form, with the field named.
        var (_, bad) = await admin.GetAsync("/staff/audit?address=not-an-address&from=2026-13-40");
        var summary = bad.QuerySelector(".error-summary")!;
        Assert.NotNull(summary.QuerySelector("a[href='#Address']"));
        Assert.NotNull(summary.QuerySelector("a[href='#From']"));
        Assert.Null(bad.QuerySelector("#audit-entries"));

        var adminId = await UserIdAsync("admin");
        var exported = await CountAsync(a => a.Action == AuditActions.AuditExport && a.ActorId == adminId);
        var csv = await admin.Client.GetAsync("/staff/audit?handler=Export&what=test.formula");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text, StringComparison.Ordinal);
        Assert.Equal(exported + 1, await CountAsync(a => a.Action == AuditActions.AuditExport && a.ActorId == adminId));

        // Everyone else: 403 on the page and on the export; not signed in: sent to sign in.
        var coordinator = await StaffAsync("coordinator");
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.Client.GetAsync("/staff/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.Client.GetAsync("/staff/audit?handler=Export")).StatusCode);
        Assert.Null((await coordinator.GetAsync("/staff/admin/units")).Document.QuerySelector("#audit-link"));
        var subtreeAdmin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-audit-admin", "RIY", "+966500000871");
        Assert.Equal(HttpStatusCode.Forbidden, (await subtreeAdmin.Client.GetAsync("/staff/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subtreeAdmin.Client.GetAsync("/staff/audit?handler=Export")).StatusCode);
        var parent = From("10.20.5.1");
        await parent.SignInAsync("1000000008", DemoData.Password, staff: false);
        Assert.NotEqual(HttpStatusCode.OK, (await parent.Client.GetAsync("/staff/audit?handler=Export")).StatusCode);
        var anonymous = await WebSession.Start(fixture.App).Client.GetAsync("/staff/audit?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/staff/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

public sealed class AuditTrailTestsOnSqlite(SqliteAppFixture f) : AuditTrailTests(f), IClassFixture<SqliteAppFixture>;

public sealed class AuditTrailTestsOnPostgres(PostgresAppFixture f) : AuditTrailTests(f), IClassFixture<PostgresAppFixture>;
