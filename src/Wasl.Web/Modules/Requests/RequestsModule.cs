using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasl.Web.Modules.Requests.Data;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests;

/// <summary>Requests and reports (PRODUCT.md module A): intake, numbers and receipts, tracking, staff queues.</summary>
internal static class RequestsModule
{
    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<RequestsOptions>(builder.Configuration.GetSection(RequestsOptions.Section));
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
        builder.Services.Configure<Indicators.IndicatorOptions>(builder.Configuration.GetSection(Indicators.IndicatorOptions.Section));
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
