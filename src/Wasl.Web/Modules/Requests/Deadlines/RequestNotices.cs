using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Notifications.Recipients;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Deadlines;

/// <summary>
/// Who hears of what happens to a request, queued with the change itself (same unit of work):
/// the requester (receipt, questions, replies, resolution) by the channels they can be reached on, and the staff of a
/// unit (its coordinators and supervisors, or the nearest level up that has some) of arrivals, warnings and escalations.
/// </summary>
internal sealed class RequestNotices(WaslDbContext db, Notifier notifier, UnitRecipients recipients)
{
    private static readonly StaffRole[] Responsible = [StaffRole.Coordinator, StaffRole.Supervisor];

    public static string RequesterLink(Request r) => "/requests/track?number=" + Uri.EscapeDataString(r.Number);

    public static string StaffLink(Request r) => "/staff/requests/" + Uri.EscapeDataString(r.Number);

    /// <summary>Key of the change a notice tells of: the request's version after the change (one change, one version).</summary>
    public static string Key(Request r, string what) => $"request:{r.Id}:v{r.Version}:{what}";

    public async Task ToRequesterAsync(Request r, string template, bool critical, CancellationToken ct, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(r);
        NoticeRecipient recipient;
        if (r.RequesterId is { } id)
        {
            var u = await db.Users.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.Email, x.PhoneNumber, x.PreferredLanguage, x.EmailNotices, x.SmsNotices, x.IsActive }).SingleOrDefaultAsync(ct);
            recipient = u is null || !u.IsActive
                ? new NoticeRecipient(null, r.RequesterEmail, r.RequesterMobile, r.Language)
                : new NoticeRecipient(id, r.RequesterEmail ?? u.Email, r.RequesterMobile ?? u.PhoneNumber, u.PreferredLanguage ?? r.Language, u.EmailNotices, u.SmsNotices);
        }
        else
        {
            recipient = new NoticeRecipient(null, r.RequesterEmail, r.RequesterMobile, r.Language);
        }
        notifier.Add(new Notice(Key(r, template), template, critical, RequesterLink(r), [r.Number, .. extra]), [recipient]);
    }

    /// <summary>Tells the responsible staff of <paramref name="unitId"/> (and <paramref name="alsoUser"/>, e.g. the assignee).</summary>
    public async Task ToStaffAsync(Request r, int unitId, string template, bool critical, Guid? alsoUser, CancellationToken ct, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(r);
        var told = new List<NoticeRecipient>(await StaffOfAsync(unitId, ct));
        if (alsoUser is { } extraUser && told.All(x => x.UserId != extraUser) && await recipients.UserAsync(extraUser, ct) is { } u) told.Add(u);
        if (told.Count == 0) return;
        notifier.Add(new Notice(Key(r, template + ":" + unitId), template, critical, StaffLink(r), [r.Number, r.Subject, .. extra]), told);
    }

    /// <summary>The notices a timeline event gives rise to (the request is already changed and its version bumped).</summary>
    public async Task AfterAsync(Request r, EventKind kind, string? text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var excerpt = Excerpt(text);
        switch (kind)
        {
            case EventKind.Submitted:
                await ToRequesterAsync(r, "Receipt", critical: true, ct);
                await ToStaffAsync(r, r.UnitId, "NewAssignment", critical: false, null, ct);
                break;
            case EventKind.InfoRequested:
                await ToRequesterAsync(r, "InfoRequested", critical: true, ct, excerpt);
                break;
            case EventKind.PublicReply:
                await ToRequesterAsync(r, "Reply", critical: false, ct, excerpt);
                break;
            case EventKind.Resolved:
                await ToRequesterAsync(r, "Resolved", critical: true, ct, excerpt);
                break;
            case EventKind.Forwarded:
                await ToStaffAsync(r, r.UnitId, "NewAssignment", critical: false, null, ct);
                break;
            case EventKind.Escalated:
                await ToStaffAsync(r, r.UnitId, "Escalated", critical: true, null, ct);
                break;
            case EventKind.InfoProvided:
                await ToStaffAsync(r, r.UnitId, "InfoProvided", critical: false, r.AssigneeId, ct);
                break;
            case EventKind.Objected:
                await ToStaffAsync(r, r.UnitId, "Objected", critical: true, null, ct);
                break;
        }
    }

    private static string Excerpt(string? text)
    {
        var t = (text ?? "").Trim();
        return t.Length <= 300 ? t : t[..300] + "…";
    }

    /// <summary>Coordinators and supervisors holding their role at the unit itself, else at the nearest ancestor that has any.</summary>
    private Task<IReadOnlyList<NoticeRecipient>> StaffOfAsync(int unitId, CancellationToken ct) => recipients.AtUnitAsync(unitId, Responsible, ct);

    /// <summary>Whether two units answer to the same responsible staff (a unit without its own falls back to its parent's).</summary>
    public async Task<bool> SameStaffAsync(int unitA, int unitB, CancellationToken ct)
    {
        var a = await StaffOfAsync(unitA, ct);
        var b = await StaffOfAsync(unitB, ct);
        return a.Select(x => x.UserId).ToHashSet().SetEquals(b.Select(x => x.UserId));
    }

    /// <summary>Loads, in at most two queries, the responsible staff of these units and these people: the sweeper calls it once per batch.</summary>
    public Task PreloadAsync(IEnumerable<int> unitIds, IEnumerable<Guid> userIds, CancellationToken ct) => recipients.PreloadAsync(unitIds, Responsible, userIds, ct);
}
