using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Web.Platform.Audit;

internal static class AuditRegistration
{
    /// <summary>The trail, its sealer, and Platform's own administration data (accounts, roles, units, calendars, policies, API keys).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AuditOptions>().Bind(config.GetSection(AuditOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton<AuditLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISaveChangesInterceptor, AuditInterceptor>());
        services.AddHostedService<AuditSealer>();

        services.AddAuditMap<WaslUser>(Account);
        services.AddAuditMap<UnitKind>(e => Administration(e, "UnitKind", null));
        services.AddAuditMap<Unit>(e => Administration(e, "Unit", null));
        services.AddAuditMap<Position>(e => Administration(e, "Position", e.Entity.UnitId));
        services.AddAuditMap<Delegation>(e => Administration(e, "Delegation", null));
        services.AddAuditMap<RoleAssignment>(e => Administration(e, "RoleAssignment", e.Entity.UnitId, new { role = e.Entity.Role.ToString(), user = e.Entity.UserId }));
        services.AddAuditMap<UnitArea>(e => Administration(e, "UnitArea", e.Entity.UnitId));
        services.AddAuditMap<UnitCalendar>(e => Administration(e, "Calendar", e.Entity.UnitId));
        services.AddAuditMap<CalendarSeasonEntry>(e => Administration(e, "CalendarSeason", null));
        services.AddAuditMap<CalendarHoliday>(e => Administration(e, "CalendarHoliday", null));
        services.AddAuditMap<DeadlinePolicy>(e => Administration(e, "DeadlinePolicy", null));
        services.AddAuditMap<ApiClient>(e => Administration(e, "ApiClient", null));
        return services;
    }

    /// <summary>Audits every add, change and removal of <typeparamref name="T"/> saved through EF, as <paramref name="describe"/> says.</summary>
    public static IServiceCollection AddAuditMap<T>(this IServiceCollection services, Func<EntityEntry<T>, AuditRecord?> describe)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(describe);
        services.AddSingleton(new AuditMap(typeof(T), e => describe(e.Context.Entry((T)e.Entity))));
        return services;
    }

    /// <summary>"admin.{subject}.added|changed|removed", with the names (never the values) of the columns that changed.</summary>
    public static AuditRecord? Administration<T>(EntityEntry<T> entry, string subject, int? unitId, object? details = null, params string[] ignored)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.State)
        {
            case EntityState.Added:
                return new AuditRecord(AuditActions.Administration(subject, "added"), subject, null, unitId, details);
            case EntityState.Deleted:
                return new AuditRecord(AuditActions.Administration(subject, "removed"), subject, null, unitId, details);
            default:
                var changed = Changed(entry, ignored);
                return changed.Length == 0 ? null : new AuditRecord(AuditActions.Administration(subject, "changed"), subject, null, unitId, new { changed });
        }
    }

    private static string[] Changed(EntityEntry entry, IReadOnlyCollection<string> ignored) =>
        [.. entry.Properties.Where(p => p.IsModified && !ignored.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name)];

    // Sign-in bookkeeping (failure counts, stamps, the last code's step) and the person's own display preferences are
    // not administration; a lockout by failed sign-ins is recorded by the sign-in itself. Lifting a lockout is.
    private static readonly string[] AccountBookkeeping =
    [
        nameof(WaslUser.ConcurrencyStamp), nameof(WaslUser.SecurityStamp), nameof(WaslUser.AccessFailedCount), nameof(WaslUser.LockoutEnd),
        nameof(WaslUser.LastTotpTimeStep), nameof(WaslUser.PreferredLanguage), nameof(WaslUser.PreferredCalendar),
        nameof(WaslUser.EmailNotices), nameof(WaslUser.SmsNotices),
    ];

    private static AuditRecord? Account(EntityEntry<WaslUser> entry)
    {
        var record = Administration(entry, "Account", entry.Entity.HomeUnitId, entry.State == EntityState.Modified ? null : new { kind = entry.Entity.Kind.ToString() }, AccountBookkeeping);
        var lockout = entry.Property(u => u.LockoutEnd);
        if (record is null && entry.State == EntityState.Modified && lockout.IsModified && lockout.OriginalValue is not null && lockout.CurrentValue is null)
            return new AuditRecord(AuditActions.Administration("Account", "unlocked"), "Account", null, entry.Entity.HomeUnitId);
        return record;
    }
}
