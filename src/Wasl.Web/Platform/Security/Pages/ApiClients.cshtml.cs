using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Web.Platform.Security.Pages;

/// <summary>
/// Keys of the systems allowed to call the APIs: national administrators (administrators at a root unit) create one,
/// see it once, and revoke it. Anyone else gets 404: the page does not exist for them.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class ApiClientsModel(WaslDbContext db, OrgAccess org, ApiClientStore store, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];

    /// <summary>The key just created: shown in this response only, never stored in clear.</summary>
    public string? NewKey { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "Validation.Length")]
    public string Name { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        if (ModelState.IsValid)
        {
            var (_, key) = await store.CreateAsync(Name, ct);
            NewKey = key;
            Name = "";
            ModelState.Clear();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        if (!await store.RevokeAsync(id, ct)) return NotFound();
        TempData["Notice"] = t["ApiClients.Revoked"].Value;
        return RedirectToPage();
    }

    private Task<bool> IsNationalAdministratorAsync(CancellationToken ct) => org.HoldsAtRootAsync(OrgRight.Manage, ct);

    private async Task LoadAsync(CancellationToken ct) =>
        Clients = await db.Set<ApiClient>().AsNoTracking().OrderByDescending(c => c.IsActive).ThenBy(c => c.Name).Take(500).ToListAsync(ct);
}
