using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// A request as staff of its unit (or an ancestor) see it, with the actions of seed 004: take, importance, internal
/// note, public reply, ask the requester, forward, escalate, resolve, close. Each action lands on the timeline; a
/// stale form (someone else acted first) is refused with a clear message instead of overwriting.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
[AcceptsUploads]
internal sealed class DetailModel(RequestAccess access, OrgAccess org, WaslDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> t, AttachmentUploads attachments, RequestDeadlines deadlines, RequestActions actions, Timelines timelines) : PageModel
{
    public Request Item { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string? CategoryName { get; private set; }
    public IReadOnlyList<(RequestEvent Event, string? Actor, string? Unit)> Timeline { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];
    public IReadOnlyList<AttachmentView> Attachments { get; private set; } = [];

    /// <summary>The request's clock as of now, replayed from its timeline, and what staff see of it.</summary>
    public DeadlineClock<Importance> Clock { get; private set; } = null!;
    public DeadlineView Deadline { get; private set; } = null!;

    /// <summary>Files for a public reply (the requester sees them) or an internal note (staff only).</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    [BindProperty]
    public ActionInput Action { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var request = await access.ForStaffAsync(number, ct);
        if (request is null) return NotFound();
        await LoadAsync(request, ct);
        return Page();
    }

    public Task<IActionResult> OnPostTakeAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => { r.Take(org.UserId!.Value); return (EventKind.Taken, false, null, null); }, ct);

    public Task<IActionResult> OnPostImportanceAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => { r.SetImportance(Action.Importance); return (EventKind.ImportanceChanged, false, Action.Importance.ToString(), null); }, ct);

    public Task<IActionResult> OnPostNoteAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => (EventKind.InternalNote, false, Required(Action.Text), null), ct);

    public Task<IActionResult> OnPostReplyAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => (EventKind.PublicReply, true, Required(Action.Text), null), ct);

    public Task<IActionResult> OnPostAskAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => { var text = Required(Action.Text); r.AskRequester(); return (EventKind.InfoRequested, true, text, null); }, ct);

    public async Task<IActionResult> OnPostForwardAsync(string number, CancellationToken ct)
    {
        // Only forwarding needs the list of units (to check the target); the page loads it again only when it is shown.
        await LoadListsAsync(ct);
        return await ActAsync(number, r =>
        {
            var reason = Required(Action.Text);
            if (Action.UnitId is not { } target || !Units.Any(u => u.Id == target)) throw new BusinessRuleException("Requests.Rule.ChooseUnit");
            r.ForwardTo(target);
            return (EventKind.Forwarded, false, reason, target);
        }, ct);
    }

    public Task<IActionResult> OnPostEscalateAsync(string number, CancellationToken ct) =>
        ActAsync(number, r =>
        {
            var reason = Required(Action.Text);
            var parent = db.Units.Where(u => u.Id == r.UnitId).Select(u => u.ParentId).Single();
            r.EscalateTo(parent);
            return (EventKind.Escalated, false, reason, parent);
        }, ct);

    public Task<IActionResult> OnPostResolveAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => { r.Resolve(Action.Text ?? "", clock.GetUtcNow()); return (EventKind.Resolved, true, r.Resolution, null); }, ct);

    public Task<IActionResult> OnPostCloseAsync(string number, CancellationToken ct) =>
        ActAsync(number, r => { r.Close(); return (EventKind.Closed, true, null, null); }, ct);

    private static string Required(string? text) =>
        string.IsNullOrWhiteSpace(text) ? throw new BusinessRuleException("Requests.Rule.TextRequired") : text.Trim();

    /// <summary>
    /// Loads the request within the person's scope, applies the rule, writes the event and bumps the version in one
    /// save. The version the form was rendered with is the expected one: if it moved meanwhile, nothing is written.
    /// </summary>
    private async Task<IActionResult> ActAsync(string number, Func<Request, (EventKind Kind, bool IsPublic, string? Text, int? UnitId)> action, CancellationToken ct)
    {
        var request = await access.ForStaffActionAsync(number, ct);
        if (request is null) return NotFound();
        db.Entry(request).Property(r => r.Version).OriginalValue = Action.Version;
        var files = await attachments.CheckAsync(ModelState, Files, RequestAttachmentOwner.Of(db, request.Id), ct);
        StagedFiles? staged = null;
        try
        {
            if (request.Version != Action.Version) throw new DbUpdateConcurrencyException();
            var actingUnit = request.UnitId;
            var (kind, isPublic, text, unitId) = action(request);
            // Files go with a public reply or an internal note, and take that event's visibility.
            if (files is { Count: > 0 } && kind is not (EventKind.InternalNote or EventKind.PublicReply))
                ModelState.AddModelError(AttachmentUploads.Field, t["Attachments.Rejected.NotHere"]);
            if (ModelState.IsValid)
            {
                staged = await attachments.StageAsync(files!, org.UserId, ct);
                var done = new RequestEvent { Kind = kind, IsPublic = isPublic, Text = text, UnitId = unitId ?? request.UnitId, At = clock.GetUtcNow() };
                await actions.RecordByStaffAsync(request, actingUnit, done, staged, ct);
                await db.SaveChangesAsync(ct);
                staged.Keep();
            }
        }
        catch (BusinessRuleException e)
        {
            BusinessRules.AddTo(ModelState, e, t, "Action.Text");
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Requests.Concurrency"]);
        }
        finally
        {
            if (staged is not null) await staged.DisposeAsync();
        }
        if (!ModelState.IsValid)
        {
            db.ChangeTracker.Clear();
            var fresh = await access.ForStaffAsync(number, ct);
            if (fresh is null) return NotFound();
            await LoadAsync(fresh, ct);
            return Page();
        }
        TempData["Notice"] = t["Requests.ActionDone"].Value;
        // After a forward or escalation the request may have left the person's scope: back to the queue then.
        return await access.ForStaffAsync(number, ct) is null ? Redirect("/staff/requests") : Redirect($"/staff/requests/{number}");
    }

    private async Task LoadListsAsync(CancellationToken ct) => Units = await RequestLists.UnitsAsync(db, ct);

    private async Task LoadAsync(Request request, CancellationToken ct)
    {
        Item = request;
        Action.Version = request.Version;
        Action.Importance = request.Importance;
        UnitName = await db.Units.Where(u => u.Id == request.UnitId).Select(u => u.Name).SingleAsync(ct);
        CategoryName = request.CategoryId is { } c ? await db.Set<Category>().Where(x => x.Id == c).Select(x => x.Name).SingleAsync(ct) : null;
        var lines = await timelines.LinesAsync<RequestEvent>(e => e.RequestId == request.Id, publicOnly: false, ct);
        Timeline = [.. lines.Select(x => (x.Event, x.Actor, x.Unit))];
        var snapshot = await deadlines.SnapshotAsync(ct);
        Clock = RequestDeadlines.Replay(snapshot, request, lines.Select(x => x.Event));
        Deadline = DeadlineView.Of(request.Status, Clock.DueAt, snapshot.For(request.UnitId), clock.GetUtcNow());
        Attachments = await RequestAttachmentOwner.ListAsync(db, request.Id, publicOnly: false, ct);
        if (Units.Count == 0) await LoadListsAsync(ct);
    }
}

internal sealed class ActionInput
{
    public int Version { get; set; }
    public Importance Importance { get; set; }
    public int? UnitId { get; set; }

    [StringLength(8000, ErrorMessage = "Validation.TooLong")]
    public string? Text { get; set; }
}
