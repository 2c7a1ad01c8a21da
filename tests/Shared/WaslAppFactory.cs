using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Tests;

/// <summary>
/// Hosts the real application on a real database (a SQLite file or a PostgreSQL database of the test cluster).
/// One-time codes are captured instead of being written to the log, so tests can type them like a person would.
/// </summary>
/// <remarks>
/// <paramref name="captureCodes"/> false keeps the application's own code path (in Production: only the outbox), for
/// tests that read codes where a person would: from the SMS gateway and the mailbox. <paramref name="testServices"/> adds
/// test-only services (e.g. a second subject with deadlines).
/// </remarks>
public sealed class WaslAppFactory(DatabaseProvider provider, string connectionString, string environment = "Development", IDictionary<string, string?>? settings = null, bool captureCodes = true, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    public DatabaseProvider Provider => provider;
    public string ConnectionString => connectionString;
    internal CapturingCodeSender Codes { get; } = new();

    /// <summary>The application's clock: real time (moved by WASL_TEST_NOW if set) plus an offset the test may move.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The deployment's time zone as the application reads it: its days, not UTC's, are the days of every page.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Services.GetRequiredService<IOptions<DeploymentOptions>>().Value.TimeZone);

    /// <summary>Today in the deployment's zone by the application's clock: what the pages call today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The instant of a wall-clock time in the deployment's zone.</summary>
    public DateTimeOffset AtLocal(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    /// <summary>This application's file store, apart from every other test application's.</summary>
    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "wasl-tests", "files-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Wasl", connectionString);
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("BotChallenge:MaxNumber", "2000");
        builder.UseSetting("RateLimits:Auth:PermitLimit", "100000");
        builder.UseSetting("SubmissionBudget:PerAddressPerDay", "100000");
        builder.UseSetting("SubmissionBudget:PerMobilePerDay", "100000");
        builder.UseSetting("Security:RequireHttpsCookies", "false");
        // Outside Development links need a public URL or a host list; test clients call localhost or 127.0.0.1.
        if (environment != "Development") builder.UseSetting("AllowedHosts", "localhost;127.0.0.1");
        // Validate the security stamp on every request, so that any stale-cookie bug shows at once.
        builder.UseSetting("Identity:RevalidateSeconds", "0");
        builder.UseSetting("Files:Root", FilesRoot);
        // Tests drive the deadline sweeper, the outbox dispatcher, the indicators folder and the audit sealer themselves (settings may turn them back on).
        builder.UseSetting("Deadlines:SweeperEnabled", "false");
        builder.UseSetting("Notifications:Dispatcher:Enabled", "false");
        builder.UseSetting("Indicators:FolderEnabled", "false");
        builder.UseSetting("Audit:SealerEnabled", "false");
        // The tests of other features sign demo staff in with a password; SessionSecurityTests restore the default
        // (two-factor for every role reading beyond its unit) and prove it.
        builder.UseSetting("Identity:TwoFactor:Roles", "Administrator");
        builder.UseSetting("Identity:TwoFactor:SubtreeRoles", "");
        builder.UseSetting("Identity:TwoFactor:AnyRoleAtRoot", "false");
        // WASL_TEST_ZONE runs the application in another deployment zone (the country stays SA: the tests type Saudi
        // mobiles and national IDs; the zone alone decides where days split).
        builder.UseSetting("Deployment:TimeZone", TestClock.ZoneId);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(s => testServices?.Invoke(s));
        builder.ConfigureTestServices(services =>
        {
            if (captureCodes)
            {
                services.RemoveAll<IOneTimeCodeSender>();
                services.AddSingleton<IOneTimeCodeSender>(Codes);
            }
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ThrowingEndpointFilter>();
            services.AddSingleton<IStartupFilter, TestRemoteAddressFilter>();
        });
    }

    /// <summary>A path that throws inside the pipeline, to prove the error page hides the exception.</summary>
    private sealed class ThrowingEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Also under /open311 (any format suffix), to prove Open311 answers its own error document there.
            app.Use((HttpContext ctx, RequestDelegate n) => ctx.Request.Path == "/__test/throw" || ctx.Request.Path.StartsWithSegments("/open311/__test", StringComparison.Ordinal)
                ? throw new InvalidOperationException("SECRET-INTERNAL-DETAIL at Wasl.Internal.Method()")
                : n(ctx));
        };
    }
}

/// <summary>
/// Plays the client's address: a request carrying <see cref="Header"/> comes from that address. The header exists only
/// in this test host (the application trusts no such header), so tests can play several machines.
/// </summary>
public sealed class TestRemoteAddressFilter : IStartupFilter
{
    public const string Header = "X-Wasl-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext ctx, RequestDelegate n) =>
        {
            if (ctx.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
                ctx.Connection.RemoteIpAddress = address;
            return n(ctx);
        });
        next(app);
    };
}

internal sealed class CapturingCodeSender : IOneTimeCodeSender
{
    private readonly ConcurrentDictionary<string, string> _last = new();

    public Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct)
    {
        _last[$"{purpose}:{destination}"] = code;
        return Task.CompletedTask;
    }

    public string Last(CodePurpose purpose, string destination) =>
        _last.TryGetValue($"{purpose}:{destination}", out var code) ? code : throw new InvalidOperationException($"No {purpose} code was sent to {destination}");
}
