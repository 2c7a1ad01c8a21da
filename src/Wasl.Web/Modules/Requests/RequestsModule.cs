using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasl.Web.Modules.Requests.Api;
using Wasl.Web.Modules.Requests.Data;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Reports;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Operations;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests;

/// <summary>Requests and reports (PRODUCT.md module A): intake, numbers and receipts, tracking, staff queues.</summary>
internal static class RequestsModule
{
    /// <summary>Migrations and full-text scripts under Data/, texts under Resources/ (collected by Platform).</summary>
    public static ModuleParts Parts { get; } = new("Requests", typeof(RequestsModule).Assembly, "Wasl.Web.Modules.Requests.Data", "Wasl.Web.Modules.Requests.Resources");

    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(Parts);
        builder.Services.AddSettings<RequestsOptions, RequestsOptionsValidator>(builder.Configuration, RequestsOptions.Section);
        builder.Services.AddScoped<RequestIntake>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o =>
        {
            o.AddSchemaTransformer<Api.RequestsApiDocument>();
            o.AddDocumentTransformer<Api.RequestsApiDocument>();
        });
        builder.Services.AddScoped<RequestAccess>();
        builder.Services.AddRequestAudit();
        builder.Services.AddScoped<RequestSearch>();
        builder.Services.AddScoped<IntakeChecks>();
        builder.Services.AddScoped<RequestActions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<Platform.Attachments.IAttachmentOwner, RequestAttachmentOwner>());
        builder.Services.AddScoped<RequestDeadlines>();
        builder.Services.AddScoped<RequestNotices>();
        builder.Services.AddScoped<Reports.ReportSource>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IDeadlineSweep, RequestDeadlineSweep>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, Indicators.RequestStatsInterceptor>());
        builder.Services.AddSettings<Indicators.IndicatorOptions, IndicatorOptionsValidator>(builder.Configuration, Indicators.IndicatorOptions.Section);
        builder.Services.AddScoped<Indicators.RequestStatsFolder>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IUnitMoveParticipant, Indicators.RequestStatsFolder>());
        builder.Services.AddScoped<Indicators.IndicatorQuery>();
        builder.Services.AddHostedService<Indicators.RequestStatsWorker>();
        builder.Services.AddHostedService<SearchTextRebuild>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IDemoDataContributor, RequestsDemoData>());
        builder.Services.AddSingleton(new PortalEntry("inquiry", "Home.Service.Inquiry", "Home.Service.InquiryText", "/requests/new?type=Inquiry"));
        builder.Services.AddSingleton(new PortalEntry("complaint", "Home.Service.Complaint", "Home.Service.ComplaintText", "/requests/new?type=Complaint"));
        builder.Services.AddSingleton(new PortalEntry("suggestion", "Home.Service.Suggestion", "Home.Service.SuggestionText", "/requests/new?type=Suggestion"));
        builder.Services.AddSingleton(new PortalEntry("report", "Home.Service.Report", "Home.Service.ReportText", "/requests/new?type=Report", Urgent: true));
        builder.Services.AddSingleton(new PortalEntry("track", "Requests.Track.Title", "Requests.Track.Lead", "/requests/track"));
        builder.Services.AddSingleton(new ModuleEntry("requests", "Module.Requests.Title", "Module.Requests.Summary", "/staff/requests",
            (sp, user, ct) => sp.GetRequiredService<OrgAccess>().HasAnyAsync(OrgRight.View, ct)));
        builder.Services.AddSingleton(new ModuleEntry("indicators", "Module.Indicators.Title", "Module.Indicators.Summary", "/staff/indicators",
            (sp, user, ct) => sp.GetRequiredService<OrgAccess>().HasAnyAsync(OrgRight.View, ct)));
        builder.Services.AddSingleton(new ModuleEntry("reports", "Module.Reports.Title", "Module.Reports.Summary", "/staff/reports",
            (sp, user, ct) => sp.GetRequiredService<OrgAccess>().HasAnyAsync(OrgRight.View, ct)));
        builder.Services.AddSingleton(new ModuleEntry("call-center", "Module.CallCenter.Title", "Module.CallCenter.Summary", "/staff/call-center",
            async (sp, user, ct) => (await sp.GetRequiredService<OrgAccess>().GrantsAsync(ct)).Any(g => g.Role is StaffRole.CallCenterAgent)));
        return builder;
    }

    /// <summary>The module's endpoints beside its pages: the JSON API, Open311 and the report exports.</summary>
    public static WebApplication MapRequests(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRequestsApi();
        app.MapOpen311();
        app.MapReportExports();
        return app;
    }
}

internal sealed class RequestsOptions
{
    public const string Section = "Requests";

    /// <summary>Letters before every request number (Latin, 2 to 6), e.g. WSL-2026-7K3Q9DM-4.</summary>
    public string NumberPrefix { get; set; } = "WSL";

    /// <summary>Pepper for guest secrets; when empty, one is generated once and kept in the database.</summary>
    public string? GuestSecretPepper { get; set; }

    /// <summary>How long after resolution the requester may object.</summary>
    public int ObjectionWindowDays { get; set; } = 14;

    /// <summary>Word search: up to this many matches a word is "rare" and its matches are paged on their own (PostgreSQL).</summary>
    public int SearchRareCap { get; set; } = 2000;
}

internal sealed class RequestsOptionsValidator() : SettingsValidator<RequestsOptions>(RequestsOptions.Section)
{
    protected override void Check(RequestsOptions o, SettingsCheck check)
    {
        check.Matches("NumberPrefix", o.NumberPrefix, SettingsCheck.LatinPrefix(), "must be 2 to 6 Latin letters (request numbers are read back by them)");
        if (!string.IsNullOrEmpty(o.GuestSecretPepper))
            check.Rule(o.GuestSecretPepper.Length >= 16, "GuestSecretPepper", "must be at least 16 characters (or empty: one is generated)", "(hidden)");
        check.Range("ObjectionWindowDays", o.ObjectionWindowDays, 1, 365);
        check.Range("SearchRareCap", o.SearchRareCap, 1, 1_000_000);
    }
}

internal sealed class IndicatorOptionsValidator() : SettingsValidator<Indicators.IndicatorOptions>(Indicators.IndicatorOptions.Section)
{
    protected override void Check(Indicators.IndicatorOptions o, SettingsCheck check)
    {
        check.Range("FoldSeconds", o.FoldSeconds, 1, 3600);
        check.Range("FoldBatch", o.FoldBatch, 1, 100_000);
    }
}
