using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Operations;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Web.Platform;

/// <summary>What every module stands on: data, identity, organization, localization, security, operations.</summary>
internal static class PlatformModule
{
    public const string AuthRateLimit = "auth";
    public const string ApiRateLimit = "api";
    public const string ApiPolicy = "Api";
    public const string StaffPolicy = "Staff";
    public const string BeneficiaryPolicy = "Beneficiary";

    /// <summary>
    /// A service manager rarely starts Wasl in its own folder. When the current directory holds no appsettings.json and
    /// no content root was given, the content root is the application's folder, so that its settings and its static
    /// files are found wherever it was started (instead of running silently on code defaults without CSS or scripts).
    /// </summary>
    public static WebApplicationOptions StartOptions(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var elsewhere = !given && !File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"));
        return new WebApplicationOptions { Args = args, ContentRootPath = elsewhere ? AppContext.BaseDirectory : null };
    }

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var config = builder.Configuration;

        // Every settings class is bound and checked at start the same way (Operations/Settings.cs).
        services.AddSettings<DatabaseOptions, DatabaseOptionsValidator>(config, DatabaseOptions.Section);
        services.AddSettings<DeploymentOptions, DeploymentOptionsValidator>(config, DeploymentOptions.Section);
        services.AddSettings<BotChallengeOptions, BotChallengeOptionsValidator>(config, BotChallengeOptions.Section);
        services.AddSettings<SubmissionBudgetOptions, SubmissionBudgetOptionsValidator>(config, SubmissionBudgetOptions.Section);
        services.AddSettings<MapsOptions, MapsOptionsValidator>(config, MapsOptions.Section);
        services.AddSingleton(ModuleParts.Platform);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        AddData(builder);
        AddLocalizationServices(services);
        AddIdentityServices(builder);
        AddSecurity(builder);
        AddOperations(builder);
        services.AddFiles(config);
        services.AddAudit(config);

        services.AddScoped<OrgAccess>();
        services.AddScoped<References.RegistrySequences>();
        services.AddScoped<Timeline.Timelines>();
        services.AddScoped<Attachments.AttachmentUploads>();
        services.AddScoped<Tracking.GuestTracking>();
        services.AddScoped<UnitAreas>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDemoDataContributor, AreasDemoData>());
        services.AddScoped<DemoData>();
        services.AddScoped<BotChallenge>();
        services.AddScoped<SubmissionBudget>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<PlatformSecrets>();
        services.AddHostedService<SpentChallengeSweeper>();
        services.AddDeadlinesAndNotifications(config);
        services.AddSingleton(new ModuleEntry("basic-data", "Module.BasicData.Title", "Module.BasicData.Summary", "/staff/admin/units",
            (sp, user, ct) => sp.GetRequiredService<OrgAccess>().HasAnyAsync(OrgRight.View, ct)));

        // Arabic, Persian and every other script are written as they are, not as &#x...; entities (pages stay small and readable).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                // Pages live beside the code of their module (Platform/…/Pages, Modules/…/Pages); each declares its route.
                o.RootDirectory = "/";
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<TextCatalog>(LocalizedModelBinding.Configure);
        // Free text is cleaned where it enters, once for every module: pages here, the JSON API's bodies below.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.ModelBinderProviders.Insert(0, new FreeTextModelBinderProvider()));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver =
            System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.WithAddedModifier(
                o.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(), FreeTextJson.Modify));
        services.Configure<RazorViewEngineOptions>(o => o.PageViewLocationFormats.Add("/Platform/Shell/Shared/{0}.cshtml"));
        return builder;
    }

    private static void AddData(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Wasl");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
                throw new InvalidOperationException("ConnectionStrings:Wasl is required for PostgreSQL.");
            var dataDir = Path.Combine(builder.Environment.ContentRootPath, "data");
            Directory.CreateDirectory(dataDir);
            connectionString = $"Data Source={Path.Combine(dataDir, "wasl.db")}";
        }
        builder.Services.AddDbContext<WaslDbContext>((sp, o) =>
        {
            SchemaTools.Configure(o, options.Provider, connectionString);
            // Modules watch their own saves (e.g. the indicators' change rows) without Platform naming them.
            o.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor>());
            // Counts capped with Take (queue badges) need no order; every list pages by an ordered key. Debug, not Warning.
            o.ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug)));
        });
        builder.Services.AddScoped<SchemaMigrator>();

        // The key ring lives in the database: several nodes accept each other's cookies and anti-forgery tokens.
        builder.AddKeyRing();
    }

    private static void AddLocalizationServices(IServiceCollection services)
    {
        services.AddSingleton<TextCatalog>();
        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.TryAddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        services.AddSingleton<DateDisplay>();
        services.AddSingleton(sp => NationalIdValidators.FromOptions(sp.GetRequiredService<IOptions<DeploymentOptions>>()));
        services.AddScoped<UserPreferences>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = WaslCultures.All.ToList();
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            // Arabic first: the browser's Accept-Language does not decide; the person's choice (cookie) does.
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = UserPreferences.LanguageCookie },
                // Other systems calling the API have no cookie: their Accept-Language chooses the language of error messages.
                new ApiAcceptLanguageProvider(),
            ];
        });
        services.AddSingleton<IConfigureOptions<RequestLocalizationOptions>>(sp => new ConfigureOptions<RequestLocalizationOptions>(o =>
        {
            var fallback = WaslCultures.Get(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.DefaultLanguage);
            o.DefaultRequestCulture = new RequestCulture(fallback, fallback);
        }));
    }

    private static void AddIdentityServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.AddMemoryCache();
        services.AddScoped<ApiClientStore>();
        services.AddIdentityCore<WaslUser>(o =>
            {
                // ASVS 6.2: length over composition, and no guessable password (GuessablePasswordValidator). Guessing is
                // stopped per client address (SignInThrottle); the account lockout is only a high last resort, so nobody
                // can keep an administrator out by failing on purpose.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Identity:MaxFailedAccessAttempts", 100);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:LockoutMinutes", 15));
                // Password reset codes are short and typed from an SMS: the phone (TOTP) provider, not a long link token.
                o.Tokens.PasswordResetTokenProvider = TokenOptions.DefaultPhoneProvider;
                o.Tokens.ChangePhoneNumberTokenProvider = TokenOptions.DefaultPhoneProvider;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<WaslDbContext>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider: each code is accepted once.
            .AddTokenProvider<OnceOnlyAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<GuessablePasswordValidator>()
            .AddClaimsPrincipalFactory<WaslClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
        services.AddScoped<SignInFlow>();
        services.AddScoped<AccountNotices>();
        services.AddSettings<TwoFactorOptions, TwoFactorOptionsValidator>(builder.Configuration, TwoFactorOptions.Section);
        services.AddScoped<TwoFactorPolicy>();
        services.AddSettings<SignInThrottleOptions, SignInThrottleOptionsValidator>(builder.Configuration, SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        // A changed security stamp (sign-out, deactivation, new roles, new password) ends the account's other sessions
        // within this interval (ASVS 7.4.2); staff sessions are checked on every request (StaffSessionCheck).
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Identity:RevalidateSeconds", 60)));

        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        // Security:RequireHttpsCookies=false is for test rigs on plain HTTP only (their cookie jar drops Secure cookies).
        secure = builder.Configuration.GetValue("Security:RequireHttpsCookies", secure == CookieSecurePolicy.Always) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "wasl.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:IdleMinutes", 30));
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.AccessDeniedPath = "/access-denied";
            o.Events.OnValidatePrincipal = StaffSessionCheck.ValidatePrincipalAsync;
            o.Events.OnRedirectToLogin = ctx =>
            {
                var staffArea = ctx.Request.Path.StartsWithSegments("/staff", StringComparison.OrdinalIgnoreCase);
                var target = (staffArea ? "/staff/sign-in" : "/account/sign-in") + "?returnUrl=" + Uri.EscapeDataString(ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString);
                ctx.Response.Redirect(target);
                return Task.CompletedTask;
            };
        });
        services.ConfigureExternalCookie(o => { o.Cookie.Name = "wasl.ext"; o.Cookie.SecurePolicy = secure; });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "wasl.2fa";
            o.Cookie.SecurePolicy = secure;
        });
        services.Configure<CookiePolicyOptions>(o => o.Secure = secure);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "wasl.af";
            // Not Always here: antiforgery then refuses every page a node sees over plain HTTP (TLS ending at the
            // proxy). The cookie policy above makes this cookie Secure all the same.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__wasl_af";
        });
        // What declares nothing is for signed-in people only: a page or endpoint open to guests says so ([AllowAnonymous]).
        // The fallback applies to endpoints; a path that matches none still answers 404 (EndpointFallbackPolicyProvider).
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, EndpointFallbackPolicyProvider>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(WaslClaims.Kind, nameof(AccountKind.Staff)))
            .AddPolicy(BeneficiaryPolicy, p => p.RequireAuthenticatedUser().RequireClaim(WaslClaims.Kind, nameof(AccountKind.Beneficiary)))
            // The API: an API key only; a signed-in browser's cookie never reaches it (no CSRF surface).
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ClientIdClaim));

        services.AddScoped<OneTimeCodes>();
        services.AddSettings<OneTimeCodeOptions, OneTimeCodeOptionsValidator>(builder.Configuration, OneTimeCodeOptions.Section);
        if (builder.Environment.IsDevelopment()) services.TryAddSingleton<IOneTimeCodeSender, LoggingCodeSender>();
        else services.TryAddSingleton<IOneTimeCodeSender, NoCodeTap>();
    }

    private static void AddSecurity(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddSettings<PublicUrlOptions, PublicUrlOptionsValidator>(config, PublicUrlOptions.Section);
        // No "Server: Kestrel": nothing tells a scanner what runs here.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        // The request line carries the query, and Open311 sends its api_key there (GeoReport v2): the host's
        // "Request starting/finished" lines are never written, whatever the configured levels (issue 11).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);
        var auth = new RateLimitBudget(config.GetValue("RateLimits:Auth:PermitLimit", 10), TimeSpan.FromSeconds(config.GetValue("RateLimits:Auth:WindowSeconds", 60)));
        var api = new RateLimitBudget(config.GetValue("RateLimits:Api:PermitLimit", 6000), TimeSpan.FromSeconds(config.GetValue("RateLimits:Api:WindowSeconds", 60)));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in, registration and code entry: posts per client address; reading the form is not limited.
            o.AddPolicy(AuthRateLimit, ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter("addr:" + Address(ctx), _ => auth.Options())
                : RateLimitPartition.GetNoLimiter("read"));
            // The API and Open311: a budget per authenticated client (the key was checked before the limiter, see
            // UsePlatform), else per address. A key that does not authenticate is charged to its address, so that a
            // forged key naming a real key's id never spends that key's budget.
            o.AddPolicy(ApiRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ApiKeyAuthenticationHandler.ClientId(ctx.User) is { } client ? "client:" + client.ToString(CultureInfo.InvariantCulture) : "addr:" + Address(ctx),
                _ => api.Options()));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var policy = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
                var budget = policy == ApiRateLimit ? api : auth;
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : budget.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // Retry-After (RFC 9110) and the draft-ietf-httpapi-ratelimit-headers trio as most clients read them.
                var h = http.Response.Headers;
                h.RetryAfter = seconds;
                h["RateLimit-Limit"] = budget.PermitLimit.ToString(CultureInfo.InvariantCulture);
                h["RateLimit-Remaining"] = "0";
                h["RateLimit-Reset"] = seconds;
                if (http.GetEndpoint()?.Metadata.GetMetadata<RateLimitRejection>() is { } rejection) await rejection.WriteAsync(http, ct);
            };
        });
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Forwarded headers count only from the proxies configured here. Outside Development not even loopback is
            // trusted by default: else anything on the machine, or a proxy that passes the header on, picks its address.
            if (!builder.Environment.IsDevelopment())
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
            }
            foreach (var proxy in config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
    }

    private static string Address(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private sealed record RateLimitBudget(int PermitLimit, TimeSpan Window)
    {
        public FixedWindowRateLimiterOptions Options() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };
    }

    private static void AddOperations(WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<ApiKeyOpenApi>());
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Localize);
        builder.Services.AddExceptionHandler<BusinessRuleProblems>();
        // Unreadable API input is a 400 ProblemDetails in every environment, never an exception page.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
    }

    /// <summary>Migrates (under a lock, safe with several nodes) and, in Development, creates the demo data once.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Settings first (the host would check them only when it starts, after the migrations): a bad value stops here.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStart)
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:Seed", true))
            await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // With no known proxy at all the middleware would believe every sender: then it does not run.
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
        if (app.Environment.IsProduction()) app.UseHsts();
        // Every cookie, whoever writes it, gets the Secure flag outside Development, whatever scheme this node sees
        // (TLS usually ends at the proxy).
        app.UseCookiePolicy();
        // One error handler in every environment: no stack trace ever reaches a person. The API answers ProblemDetails.
        app.UseWhen(c => IsApi(c.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        // Open311 clients parse Open311's own error document, never ProblemDetails (research/open311-spec.md §9).
        app.UseWhen(c => Open311Errors.IsOpen311(c.Request), open311 => open311.UseMiddleware<Open311ErrorMiddleware>());
        app.UseWhen(c => !IsApi(c.Request), web =>
        {
            web.UseExceptionHandler("/error");
            web.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseMiddleware<UserPreferencesMiddleware>();
        app.UseMiddleware<RequireAdministratorTwoFactorMiddleware>();
        // The API's scheme is not the default one: the key is checked here, before the limiter, which charges the
        // client it names (HttpContext.User) only when it is genuine. The API never reads the cookie user.
        app.UseWhen(c => IsApi(c.Request), a => a.Use(async (ctx, next) =>
        {
            var result = await ctx.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (result.Succeeded) ctx.User = result.Principal;
            await next(ctx);
        }));
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    internal static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapPlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        // Load balancers and the published API description are open to anyone; neither tells anything about a person.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).ExcludeFromDescription().AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).ExcludeFromDescription().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/altcha/challenge", async (BotChallenge challenge, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(await challenge.CreateAsync(ct));
            })
            .AllowAnonymous()
            .WithName("GetBotChallenge")
            .WithSummary("A fresh proof-of-work challenge (ALTCHA v1) for a public form.")
            .WithTags("Security");
        app.MapGet("/api/v1/languages", () => TypedResults.Ok(TextCatalog.Languages.Select(l => new { code = l, rtl = WaslCultures.Get(l).TextInfo.IsRightToLeft, name = WaslCultures.Get(l).NativeName })))
            .AllowAnonymous()
            .WithName("GetLanguages")
            .WithSummary("The interface languages this deployment offers.")
            .WithTags("Platform");
        return app;
    }
}
