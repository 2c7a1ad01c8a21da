using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Call-center entry: the agent finds the caller by mobile or national ID (any digit form), sees their earlier
/// requests, and files a new one on their behalf. The channel is recorded; a caller without an account gets a
/// number and secret the agent reads out.
/// The lookup shows only what the searcher may see (issue 11, point 4): the requests whose unit lies where they hold
/// <see cref="OrgRight.CallCenter"/> (everything for the national call centre, the subtree for a directorate's
/// coordinator), and a caller's account only to those who may act for them: the national call centre, or a searcher
/// who already sees one of that caller's requests. Anyone else learns nothing from a number, not even that an account exists.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
[AcceptsUploads]
internal sealed class CallCenterModel(
    WaslDbContext db,
    OrgAccess org,
    RequestIntake intake,
    INationalIdValidator nationalIds,
    IOptions<DeploymentOptions> deployment,
    IntakeChecks checks,
    AttachmentUploads attachments,
    RequestAccess access,
    AuditLog audit) : PageModel
{

    [BindProperty(SupportsGet = true)]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? Q { get; set; }

    [BindProperty]
    public CallInput Input { get; set; } = new();

    /// <summary>Documents the caller sent in (e-mail, fax) that the agent attaches on their behalf.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public WaslUser? Caller { get; private set; }
    public IReadOnlyList<(string Number, string Subject, RequestStatus Status, DateTimeOffset CreatedAt)> Earlier { get; private set; } = [];
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];
    public bool Searched { get; private set; }

    /// <summary>The searcher takes calls nationally: they may act for any caller.</summary>
    public bool National { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await IsAgentAsync(ct)) return Forbid();
        await LoadChoicesAsync(ct);
        var (m, n) = await FindCallerAsync(ct);
        if (Caller is not null)
        {
            Input.Name = Caller.FullName;
            Input.Mobile = Caller.PhoneNumber;
            Input.NationalId = Caller.NationalId;
        }
        else if (n is not null) Input.NationalId = n;
        else if (m is not null) Input.Mobile = m;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await IsAgentAsync(ct)) return Forbid();
        await LoadChoicesAsync(ct);
        var (mobile, nationalId) = checks.Contact(ModelState, Input.Mobile, Input.NationalId);
        checks.Choices(ModelState, Input.Type, Input.CategoryId, Input.UnitId, Categories, Units);
        await checks.CategoryReachAsync(ModelState, "Input.CategoryId", Input.CategoryId, Input.UnitId, ct);
        var location = checks.Location(ModelState, Input.Latitude, Input.Longitude);
        var files = await attachments.CheckAsync<RequestAttachment>(ModelState, Files, null, ct);
        if (!ModelState.IsValid)
        {
            // Back to the agent with the caller panel as it was; a successful filing never needs it.
            await FindCallerAsync(ct);
            return Page();
        }

        // The caller's account, when the mobile or national ID belongs to a beneficiary: the request is then theirs.
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Kind == AccountKind.Beneficiary && (u.PhoneNumber == mobile || (nationalId != null && u.NationalId == nationalId)), ct);
        // Linking would copy the account's data into the request and tell the searcher that it exists: only for whoever may act for them.
        if (account is not null && !await MayActForAsync(account.Id, ct)) account = null;
        await using var staged = await attachments.StageAsync(files!, org.UserId, ct);
        var submitted = await intake.SubmitAsync(new SubmitRequest(
            Input.Type, Input.CategoryId, Input.UnitId, Input.Subject, Input.Description,
            account?.Id, Input.Name.Trim(), nationalId ?? account?.NationalId, mobile, account?.Email, Input.Role, IntakeChannel.CallCenter, location), staged, ct);
        staged.Keep();
        TempData[NewModel.ReceiptKey] = submitted.Number + "|" + submitted.GuestSecret;
        return RedirectToPage("/Modules/Requests/Pages/Submitted");
    }

    private async Task<bool> IsAgentAsync(CancellationToken ct) => await org.HasAnyAsync(OrgRight.CallCenter, ct);

    /// <summary>The requests the searcher may look up: the shared scope filter, with the call-center right.</summary>
    private Task<IQueryable<Request>> InReachAsync(CancellationToken ct) => access.VisibleToStaffAsync(db.Set<Request>(), OrgRight.CallCenter, ct);

    /// <summary>The national call centre acts for anyone; others for a caller one of whose requests they already see.</summary>
    private async Task<bool> MayActForAsync(Guid callerId, CancellationToken ct) =>
        National || await (await InReachAsync(ct)).AnyAsync(r => r.RequesterId == callerId, ct);

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        National = await org.HoldsAtRootAsync(OrgRight.CallCenter, ct);
        Categories = await RequestLists.CategoriesAsync(db, ct);
        Units = await RequestLists.UnitsAsync(db, ct);
    }

    /// <summary>The caller typed in the search box (Q): their account, their earlier requests, and the mobile or national ID Q was read as.</summary>
    private async Task<(string? Mobile, string? NationalId)> FindCallerAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q)) return (null, null);
        Searched = true;
        var hasMobile = MobileNumbers.TryNormalize(Q, deployment.Value.Country, out var mobile);
        var hasId = nationalIds.TryNormalize(Q, out var nationalId);
        if (!hasMobile && !hasId) return (null, null);
        string? m = hasMobile ? mobile : null, n = hasId ? nationalId : null;
        Caller = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Kind == AccountKind.Beneficiary && ((m != null && u.PhoneNumber == m) || (n != null && u.NationalId == n)), ct);
        if (Caller is not null && !await MayActForAsync(Caller.Id, ct)) Caller = null;
        // Exact, indexed lookups on the copies kept with each request (a caller may never have had an account), within reach.
        Earlier = [.. (await (await InReachAsync(ct))
            .Where(r => (m != null && r.RequesterMobile == m) || (n != null && r.RequesterNationalId == n) || (Caller != null && r.RequesterId == Caller.Id))
            .OrderByDescending(r => r.Id).Take(50).Select(r => new { r.Number, r.Subject, r.Status, r.CreatedAt }).ToListAsync(ct))
            .Select(r => (r.Number, r.Subject, r.Status, r.CreatedAt))];
        // A read of a caller's personal data by lookup: audited once per lookup shown.
        await audit.PersonalDataLookupAsync("call-center", n, m, Earlier.Count + (Caller is null ? 0 : 1), ct);
        return (m, n);
    }
}

/// <summary>The call-center form: the agent must record the caller's name and mobile.</summary>
internal sealed class CallInput : IntakeInput
{
    public CallInput() => Type = RequestType.Complaint;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? Mobile { get; set; }

    [StringLength(32, ErrorMessage = "Validation.TooLong")]
    public string? NationalId { get; set; }
}
