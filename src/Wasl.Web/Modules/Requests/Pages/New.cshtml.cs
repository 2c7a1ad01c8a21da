using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// The public form: a signed-in beneficiary or a guest sends an inquiry, complaint, suggestion or urgent report.
/// A guest gives a name and a mobile; a signed-in person's data comes from the account.
/// </summary>
[AllowAnonymous]
[RequireBotChallenge]
[EnableRateLimiting(PlatformModule.AuthRateLimit)]
[AcceptsUploads]
internal sealed class NewModel(
    WaslDbContext db,
    RequestIntake intake,
    UserManager<WaslUser> users,
    IntakeChecks checks,
    AttachmentUploads attachments,
    SubmissionBudget budget,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public const string ReceiptKey = "RequestReceipt";

    [BindProperty]
    public NewRequestInput Input { get; set; } = new();

    /// <summary>Attachments (letters, forms, reports, photos); checked by content in <see cref="AttachmentUploads"/>.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];
    public bool IsGuest => User.Identity?.IsAuthenticated != true || !User.HasClaim(WaslClaims.Kind, nameof(AccountKind.Beneficiary));

    public async Task OnGetAsync(RequestType? type, CancellationToken ct)
    {
        if (type is { } t0 && Enum.IsDefined(t0)) Input.Type = t0;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        checks.Choices(ModelState, Input.Type, Input.CategoryId, Input.UnitId, Categories, Units);
        await checks.CategoryReachAsync(ModelState, "Input.CategoryId", Input.CategoryId, Input.UnitId, ct);
        var location = checks.Location(ModelState, Input.Latitude, Input.Longitude);

        WaslUser? account = null;
        string? nationalId = null, mobile = null;
        if (IsGuest)
        {
            if (string.IsNullOrWhiteSpace(Input.Name)) ModelState.AddModelError("Input.Name", t["Validation.Required"]);
            (mobile, nationalId) = checks.Contact(ModelState, Input.Mobile, Input.NationalId);
        }
        else
        {
            account = await users.GetUserAsync(User);
        }
        var files = await attachments.CheckAsync<RequestAttachment>(ModelState, Files, null, ct);
        if (!ModelState.IsValid) return Page();
        // A guest also has a daily budget per address and per mobile, beyond the bot challenge.
        if (IsGuest && !await budget.TrySpendAsync(HttpContext.Connection.RemoteIpAddress, mobile, ct))
        {
            ModelState.AddModelError("Input.Mobile", t["Requests.New.DailyLimit"]);
            return Page();
        }

        await using var staged = await attachments.StageAsync(files!, account?.Id, ct);
        var submitted = await intake.SubmitAsync(new SubmitRequest(
            Input.Type, Input.CategoryId, Input.UnitId, Input.Subject, Input.Description,
            account?.Id,
            account?.FullName ?? Input.Name!.Trim(),
            account?.NationalId ?? nationalId,
            account?.PhoneNumber ?? mobile,
            account?.Email ?? (string.IsNullOrWhiteSpace(Input.Email) ? null : Input.Email.Trim()),
            Input.Role,
            IntakeChannel.Portal,
            location), staged, ct);
        staged.Keep();
        TempData[ReceiptKey] = submitted.Number + "|" + submitted.GuestSecret;
        return RedirectToPage("/Modules/Requests/Pages/Submitted");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Categories = await RequestLists.CategoriesAsync(db, ct);
        Units = await RequestLists.UnitsAsync(db, ct);
    }
}

/// <summary>What every intake form asks about the request itself (portal and call center); requester fields differ.</summary>
internal abstract class IntakeInput
{
    public RequestType Type { get; set; }
    public int? CategoryId { get; set; }
    public int? UnitId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, MinimumLength = 3, ErrorMessage = "Validation.Length")]
    public string Subject { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(8000, MinimumLength = 10, ErrorMessage = "Validation.Length")]
    public string Description { get; set; } = "";

    public RequesterRole Role { get; set; } = RequesterRole.Parent;

    /// <summary>Typed or placed on the map; text, so that Arabic-Indic and Persian digits reach the check.</summary>
    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string? Latitude { get; set; }

    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string? Longitude { get; set; }
}

/// <summary>The portal form: a guest gives a name and contact; a signed-in beneficiary's come from the account.</summary>
internal sealed class NewRequestInput : IntakeInput
{
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string? Name { get; set; }

    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? NationalId { get; set; }

    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? Mobile { get; set; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    public string? Email { get; set; }
}
