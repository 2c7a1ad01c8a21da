using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Follow a request with its number and secret (POST only: the secret never sits in a URL). A wrong number, a
/// wrong secret and an unknown request all get the same answer. The guest sees status, dates, unit and the public
/// timeline; never personal data or internal notes.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
public sealed class TrackModel(WaslDbContext db, RequestIntake intake, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string Number { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    public string Secret { get; set; } = "";

    public TrackedRequest? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var pepper = await intake.PepperAsync(ct);
        Request? request = null;
        if (RequestNumber.TryParse(Number, out var parsed))
        {
            var number = parsed.ToString();
            request = await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(r => r.Number == number, ct);
        }
        // Verify against a dummy hash when nothing matched, so both failures take the same time.
        var ok = GuestSecret.Verify(Secret, request?.GuestSecretHash ?? new byte[32], pepper) && request?.GuestSecretHash is not null;
        if (!ok)
        {
            ModelState.AddModelError(nameof(Number), t["Requests.Track.NotFound"]);
            return Page();
        }
        Found = await TrackedRequest.LoadAsync(db, request!, ct);
        return Page();
    }
}

/// <summary>What a requester may see of a request.</summary>
public sealed record TrackedRequest(string Number, RequestType Type, string Subject, RequestStatus Status, string UnitName, DateTimeOffset CreatedAt, IReadOnlyList<RequestEvent> Timeline)
{
    public static async Task<TrackedRequest> LoadAsync(WaslDbContext db, Request r, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == r.UnitId).Select(u => u.Name).SingleAsync(ct);
        var timeline = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == r.Id && e.IsPublic).OrderBy(e => e.Id).ToListAsync(ct);
        return new TrackedRequest(r.Number, r.Type, r.Subject, r.Status, unit, r.CreatedAt, timeline);
    }
}
