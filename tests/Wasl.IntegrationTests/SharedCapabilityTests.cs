using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Tracking;

namespace Wasl.Tests;

/// <summary>
/// The capabilities lifted from Requests into Platform (issue 12, point 1) work for any subject: guest tracking locks and
/// sessions are per subject, and a business rule becomes a field error in the JSON API and in Open311 alike.
/// </summary>
public abstract class SharedCapabilityTests(AppFixture fixture)
{
    private static readonly byte[] Pepper = "a pepper of thirty-two bytes!!!!"u8.ToArray();

    private static Func<string, CancellationToken, Task<(long Id, byte[]? SecretHash)?>> Finds(long id, string secret) =>
        (_, _) => Task.FromResult<(long Id, byte[]? SecretHash)?>((id, GuestSecret.Hash(secret, Pepper)));

    [SkippableFact]
    public async Task Wrong_secrets_lock_a_number_of_one_subject_only_and_a_right_secret_clears_the_count()
    {
        fixture.Require();
        var number = "NUM-" + Guid.NewGuid().ToString("N")[..8];
        using var scope = fixture.App.Services.CreateScope();
        var guests = scope.ServiceProvider.GetRequiredService<GuestTracking>();
        var ct = CancellationToken.None;
        for (var i = 0; i < TrackingLock.MaxFailures; i++)
            Assert.IsType<GuestCheck.NotFound>(await guests.CheckAsync("Letter", number, "WRONG000", Finds(7, "7K3Q9D1A"), Pepper, ct));
        var locked = Assert.IsType<GuestCheck.Locked>(await guests.CheckAsync("Letter", number, "7K3Q9D1A", Finds(7, "7K3Q9D1A"), Pepper, ct));
        Assert.InRange(locked.Minutes, 1, 15);

        // The same number of another subject is not locked: two wrong guesses, then the right secret opens it and clears its count.
        Assert.IsType<GuestCheck.NotFound>(await guests.CheckAsync("Request", number, "WRONG000", Finds(9, "ABCD2345"), Pepper, ct));
        Assert.IsType<GuestCheck.NotFound>(await guests.CheckAsync("Request", number, "WRONG000", Finds(9, "ABCD2345"), Pepper, ct));
        Assert.Equal(9, Assert.IsType<GuestCheck.Found>(await guests.CheckAsync("Request", number, "abcd-2345", Finds(9, "ABCD2345"), Pepper, ct)).Id);

        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var rows = await db.Set<TrackingLock>().AsNoTracking().Where(l => l.Number == number).ToListAsync();
        Assert.Equal("Letter", Assert.Single(rows).Subject);
    }

    [SkippableFact]
    public async Task Migration_0023_keeps_the_request_tracking_locks_as_subject_request()
    {
        fixture.Require();
        var provider = fixture.Provider;
        var connection = await TestDatabases.CreateAsync(provider, "locks");
        await using var db = SchemaTools.CreateContext(provider, connection);
        async Task RunAsync(string sql)
        {
            var conn = db.Database.GetDbConnection();
            if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
        var scripts = SchemaMigrator.Scripts(provider, TestModules.Parts);
        foreach (var script in scripts.Where(s => string.CompareOrdinal(s.Id, "0023") < 0)) await RunAsync(script.Sql);
        await RunAsync("""INSERT INTO "RequestTrackingLocks" ("Number", "Failures", "LockedUntil") VALUES ('WSL-2026-7K3Q9D1-X', 3, NULL)""");
        await RunAsync(scripts.Single(s => s.Id.StartsWith("0023_", StringComparison.Ordinal)).Sql);

        var kept = await db.Set<TrackingLock>().AsNoTracking().SingleAsync();
        Assert.Equal(("Request", "WSL-2026-7K3Q9D1-X", 3), (kept.Subject, kept.Number, kept.Failures));
    }

    [SkippableFact]
    public void A_tracking_session_names_its_subject_and_opens_no_other()
    {
        fixture.Require();
        var protection = fixture.App.Services.GetRequiredService<IDataProtectionProvider>();
        var opened = new DefaultHttpContext();
        TrackingSession.Open(opened, protection, "Request", 42, "/requests");
        var cookie = opened.Response.Headers.SetCookie.ToString();
        Assert.Contains("path=/requests", cookie, StringComparison.OrdinalIgnoreCase);
        var value = cookie[(TrackingSession.Cookie.Length + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];

        var next = new DefaultHttpContext();
        next.Request.Headers.Cookie = $"{TrackingSession.Cookie}={value}";
        Assert.Equal(42, TrackingSession.IdOf(next.Request, protection, "Request"));
        Assert.Null(TrackingSession.IdOf(next.Request, protection, "Letter"));
    }

    [SkippableFact]
    public async Task A_business_rule_in_the_json_api_is_a_400_problem_naming_the_field_in_the_callers_language()
    {
        fixture.Require();
        using var scope = fixture.App.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/api/v1/requests";
        http.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<BusinessRuleProblems>(scope.ServiceProvider);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.True(await handler.TryHandleAsync(http, new BusinessRuleException("Requests.Rule.TextRequired", "text"), CancellationToken.None));
            Assert.False(await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = scope.ServiceProvider }, new InvalidOperationException(), CancellationToken.None));
            // A page's rule is the page's to map; one that escapes it goes to the error page, not to a JSON answer.
            var page = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            page.Request.Path = "/staff/requests/WSL-2026-7K3Q9D1-X";
            Assert.False(await handler.TryHandleAsync(page, new BusinessRuleException("Requests.Rule.TextRequired"), CancellationToken.None));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("Write the text first.", problem.RootElement.GetProperty("errors").GetProperty("text")[0].GetString());
    }

    [SkippableFact]
    public async Task A_business_rule_under_open311_is_an_open311_error_with_its_message()
    {
        fixture.Require();
        using var scope = fixture.App.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/open311/v2/requests.json";
        http.Response.Body = new MemoryStream();
        var middleware = new Open311ErrorMiddleware(_ => throw new BusinessRuleException("Requests.Rule.TextRequired", "description"), NullLogger<Open311ErrorMiddleware>.Instance);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            await middleware.InvokeAsync(http);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var errors = await JsonDocument.ParseAsync(http.Response.Body);
        var error = Assert.Single(errors.RootElement.EnumerateArray());
        Assert.Equal("400", error.GetProperty("code").GetString());
        Assert.Equal("Write the text first.", error.GetProperty("description").GetString());
    }
}

public sealed class SharedCapabilityTestsOnSqlite(SqliteAppFixture f) : SharedCapabilityTests(f), IClassFixture<SqliteAppFixture>;

public sealed class SharedCapabilityTestsOnPostgres(PostgresAppFixture f) : SharedCapabilityTests(f), IClassFixture<PostgresAppFixture>;
