using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Timeline;
using Wasl.Web.Platform.Tracking;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// The requester's view of a request. A guest proves it once with number and secret (POST only: the secret never
/// sits in a URL); that opens a short tracking session bound to this one request, in a protected cookie, for the
/// follow-up actions. A signed-in beneficiary sees their own requests without a secret. A wrong number, a wrong
/// secret and an unknown request get the same answer. Never shown: personal data, internal notes.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
[AcceptsUploads]
internal sealed class TrackModel(
    WaslDbContext db,
    RequestIntake intake,
    IDataProtectionProvider protection,
    IOptions<RequestsOptions> options,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t,
    AttachmentUploads attachments,
    GuestTracking guests,
    RequestActions actions) : PageModel
{
    [BindProperty]
    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string? Number { get; set; }

    [BindProperty]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    public string? Secret { get; set; }

    [BindProperty]
    [StringLength(8000, ErrorMessage = "Validation.TooLong")]
    public string? Text { get; set; }

    [BindProperty]
    public int? Score { get; set; }

    /// <summary>Documents that come with the information the requester was asked for.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Files checked and stored for the action being taken; recorded with its event, else removed.</summary>
    private StagedFiles? _staged;

    public TrackedRequest? Found { get; private set; }

    /// <summary>The application's now, to tell a deadline still ahead from one already passed.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();
    public IReadOnlyList<(string Number, string Subject, RequestStatus Status)> Mine { get; private set; } = [];

    private Guid? BeneficiaryId =>
        User.HasClaim(WaslClaims.Kind, nameof(AccountKind.Beneficiary)) && Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task OnGetAsync(string? number, CancellationToken ct)
    {
        var request = await CurrentAsync(number, ct);
        if (request is not null) Found = await TrackedRequest.LoadAsync(db, request, ct);
        else if (BeneficiaryId is { } me)
            Mine = [.. (await db.Set<Request>().AsNoTracking().Where(r => r.RequesterId == me).OrderByDescending(r => r.Id).Take(100)
                .Select(r => new { r.Number, r.Subject, r.Status }).ToListAsync(ct)).Select(r => (r.Number, r.Subject, r.Status))];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Number)) ModelState.AddModelError(nameof(Number), t["Validation.Required"]);
        if (string.IsNullOrWhiteSpace(Secret)) ModelState.AddModelError(nameof(Secret), t["Validation.Required"]);
        if (!ModelState.IsValid) return Page();
        var number = ReferenceNumber.TryParse(Number, out var parsed) ? parsed.ToString() : null;
        var check = await guests.CheckAsync(RequestAttachmentOwner.Subject, number, Secret, FindAsync, await intake.PepperAsync(ct), ct);
        switch (check)
        {
            case GuestCheck.Locked locked:
                ModelState.AddModelError(nameof(Number), t["Requests.Track.Locked", locked.Minutes]);
                return Page();
            case GuestCheck.Found found:
                TrackingSession.Open(HttpContext, protection, RequestAttachmentOwner.Subject, found.Id, "/requests");
                return Redirect("/requests/track");
            default:
                ModelState.AddModelError(nameof(Number), t["Requests.Track.NotFound"]);
                return Page();
        }
    }

    private async Task<(long Id, byte[]? SecretHash)?> FindAsync(string number, CancellationToken ct)
    {
        var found = await db.Set<Request>().AsNoTracking().Where(r => r.Number == number).Select(r => new { r.Id, r.GuestSecretHash }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.Id, found.GuestSecretHash);
    }

    public async Task<IActionResult> OnPostInfoAsync(string? number, CancellationToken ct)
    {
        var current = await CurrentAsync(number, ct);
        if (current is null) return Redirect("/requests/track");
        var files = await attachments.CheckAsync(ModelState, Files, RequestAttachmentOwner.Of(db, current.Id), ct);
        if (files is null)
        {
            Found = await TrackedRequest.LoadAsync(db, current, ct);
            return Page();
        }
        await using var staged = await attachments.StageAsync(files, current.RequesterId, ct);
        _staged = staged;
        return await ActAsync(number, r =>
        {
            if (string.IsNullOrWhiteSpace(Text)) throw new BusinessRuleException("Requests.Rule.TextRequired");
            r.ProvideInformation();
            return (EventKind.InfoProvided, Text.Trim(), null);
        }, ct);
    }

    public Task<IActionResult> OnPostRateAsync(string? number, CancellationToken ct) =>
        ActAsync(number, r =>
        {
            r.Rate(Score ?? 0);
            return (EventKind.Rated, r.SatisfactionScore!.Value.ToString(CultureInfo.InvariantCulture), null);
        }, ct);

    public Task<IActionResult> OnPostObjectAsync(string? number, CancellationToken ct) =>
        ActAsync(number, r =>
        {
            if (string.IsNullOrWhiteSpace(Text)) throw new BusinessRuleException("Requests.Rule.TextRequired");
            var parent = db.Units.Where(u => u.Id == r.UnitId).Select(u => u.ParentId).Single();
            r.RaiseObjection(clock.GetUtcNow(), TimeSpan.FromDays(options.Value.ObjectionWindowDays), parent);
            return (EventKind.Objected, Text.Trim(), r.UnitId);
        }, ct);

    private async Task<IActionResult> ActAsync(string? number, Func<Request, (EventKind Kind, string? Text, int? UnitId)> action, CancellationToken ct)
    {
        var request = await CurrentAsync(number, ct, tracked: true);
        if (request is null) return Redirect("/requests/track");
        try
        {
            var (kind, text, unitId) = action(request);
            await actions.RecordByRequesterAsync(request, new RequestEvent { Kind = kind, IsPublic = true, Text = text, UnitId = unitId, At = clock.GetUtcNow() }, _staged, ct);
            await db.SaveChangesAsync(ct);
            _staged?.Keep();
            TempData["Notice"] = t["Requests.ActionDone"].Value;
        }
        catch (BusinessRuleException e)
        {
            BusinessRules.AddTo(ModelState, e, t, nameof(Text));
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Requests.Concurrency"]);
        }
        if (!ModelState.IsValid)
        {
            db.ChangeTracker.Clear();
            Found = await TrackedRequest.LoadAsync(db, (await CurrentAsync(number, ct))!, ct);
            return Page();
        }
        return Redirect(BeneficiaryId is null ? "/requests/track" : $"/requests/track?number={Uri.EscapeDataString(request.Number)}");
    }

    /// <summary>The request this visitor may see: their own (signed in), or the one their tracking session names.</summary>
    private async Task<Request?> CurrentAsync(string? number, CancellationToken ct, bool tracked = false)
    {
        var requests = tracked ? db.Set<Request>() : db.Set<Request>().AsNoTracking();
        if (BeneficiaryId is { } me && !string.IsNullOrEmpty(number))
            return await requests.SingleOrDefaultAsync(r => r.Number == number && r.RequesterId == me, ct);
        // An expired or forged session is as if there were none.
        return TrackingSession.IdOf(Request, protection, RequestAttachmentOwner.Subject) is { } id ? await requests.SingleOrDefaultAsync(r => r.Id == id, ct) : null;
    }
}

/// <summary>What a requester may see of a request.</summary>
internal sealed record TrackedRequest(string Number, RequestType Type, string Subject, RequestStatus Status, string UnitName, DateTimeOffset CreatedAt, int? Score, IReadOnlyList<RequestEvent> Timeline)
{
    /// <summary>When the answer is due (working time), shown to the requester as the date to expect it by.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The public attachments only: internal files are never listed or served to the requester.</summary>
    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    public static async Task<TrackedRequest> LoadAsync(WaslDbContext db, Request r, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == r.UnitId).Select(u => u.Name).SingleAsync(ct);
        var timeline = await Timelines.Visible(db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == r.Id), publicOnly: true).OrderBy(e => e.Id).ToListAsync(ct);
        return new TrackedRequest(r.Number, r.Type, r.Subject, r.Status, unit, r.CreatedAt, r.SatisfactionScore, timeline)
        {
            Attachments = await RequestAttachmentOwner.ListAsync(db, r.Id, publicOnly: true, ct),
            DueAt = r.DueAt,
        };
    }
}
