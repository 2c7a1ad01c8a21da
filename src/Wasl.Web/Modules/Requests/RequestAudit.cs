using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Audit;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// What Requests puts in the audit trail through Platform's interceptor: every timeline event (each state-changing
/// action adds exactly one, so each is recorded once, in its transaction) and its basic data (categories).
/// </summary>
internal static class RequestAudit
{
    public const string Subject = "Request";

    public static IServiceCollection AddRequestAudit(this IServiceCollection services)
    {
        services.AddAuditMap<RequestEvent>(Event);
        services.AddAuditMap<Category>(e => AuditRegistration.Administration(e, "Category", e.Entity.OwnerUnitId));
        return services;
    }

    private static AuditRecord? Event(EntityEntry<RequestEvent> entry)
    {
        if (entry.State != EntityState.Added) return null;
        var e = entry.Entity;
        var known = e.RequestId != 0 && !entry.Property(x => x.RequestId).IsTemporary;
        return new AuditRecord(Subject + "." + e.Kind, Subject, known ? Id(e.RequestId) : null, e.UnitId, new { @public = e.IsPublic })
        {
            ActorId = e.ActorId,
            ActorPosition = e.ActorPosition,
            // Acting for the position's holder (deputy, coordinator): the position is whose behalf it was.
            OnBehalfOf = e.ByDelegation ? e.ActorPosition : null,
            SubjectIdAfterInsert = () => Id(e.RequestId),
        };
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
